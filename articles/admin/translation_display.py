"""HTML pieces for the translator's tools: English source boxes, diffs, status badges.

Everything is built with format_html / format_html_join, so text is escaped; the only HTML passed
through is the story body that ``articles.rendering`` sanitized when the story was saved.
"""

import difflib
import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.rendering import split_body
from articles.translations.sources import normalize
from articles.translations.status import (
    NOT_STARTED,
    OUTDATED,
    STATE_LABELS,
    TranslationStatus,
    field_state,
    old_source,
)
from articles.translations.termbase import Termbase

# Word-level diffs are quadratic in the worst case; past this many tokens, diff whole lines.
MAX_DIFF_TOKENS = 4000
# Unchanged stretches longer than this keep only this much context (in tokens) on each side.
DIFF_CONTEXT = 24
_TOKENS = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    tokens = _TOKENS.findall(text)
    if len(tokens) > MAX_DIFF_TOKENS:
        return text.splitlines(keepends=True)
    return tokens


def _context(tokens: list[str], *, first: bool, last: bool):
    """Return an unchanged stretch, shortened to the words next to the changes."""
    head = [] if first else tokens[:DIFF_CONTEXT]
    tail = [] if last else tokens[-DIFF_CONTEXT:]
    if len(tokens) <= len(head) + len(tail) + DIFF_CONTEXT:
        return format_html("{}", "".join(tokens))
    return format_html('{}<span class="gz-diff-gap">…</span>{}', "".join(head), "".join(tail))


def render_diff(old: str, new: str):
    """Return an HTML diff of two English texts: removed words in <del>, added words in <ins>."""
    a, b = _tokens(normalize(old)), _tokens(normalize(new))
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(_context(a[a1:a2], first=a1 == 0, last=a2 == len(a)))
            continue
        if a2 > a1:
            parts.append(
                format_html(
                    '<del><span class="gz-sr-only">{} </span>{}</del>', _("removed:"), "".join(a[a1:a2])
                )
            )
        if b2 > b1:
            parts.append(
                format_html(
                    '<ins><span class="gz-sr-only">{} </span>{}</ins>', _("added:"), "".join(b[b1:b2])
                )
            )
    return format_html('<div class="gz-diff">{}</div>', mark_safe("".join(parts)))  # parts are escaped


def state_chip(state: str | None):
    if not state:
        return format_html('<span class="gz-state gz-state-none">{}</span>', _("nothing to translate"))
    return format_html('<span class="gz-state gz-state-{}">{}</span>', state, STATE_LABELS[state])


def _body_html(obj) -> str:
    """Return the sanitized English body HTML with visible [image N] places (markers are comments)."""
    parts = []
    for kind, value in split_body(obj.body_html_en or ""):
        if kind == "image":
            parts.append(format_html('<p class="gz-image-place">[image {}]</p>', value))
        else:
            parts.append(mark_safe(value))  # sanitized by articles.rendering on save
    return mark_safe("".join(parts))


def source_box(obj, name: str, *, markdown: bool = False):
    """Return the read-only English side of one field: its state, the text, and what changed."""
    if obj is None:
        return "—"
    english = getattr(obj, f"{name}_en") or ""
    state = field_state(obj, name)
    if markdown:
        text = format_html(
            '<div class="gz-markdown">{}</div><details class="gz-markdown-source"><summary>{}</summary>'
            "<pre>{}</pre></details>",
            _body_html(obj),
            _("Markdown source"),
            english,
        )
    else:
        text = format_html('<div class="gz-source-text">{}</div>', marked_text(english, termbase_of(obj)))
    changes = ""
    if state == OUTDATED:
        old = old_source(obj, name)
        changes = format_html(
            '<div class="gz-changes"><p class="gz-outdated-note">{}</p>{}</div>',
            _("The English changed after the Chinese was last saved. What changed:"),
            render_diff(old, english) if old is not None else _("(the earlier English text was not kept)"),
        )
    return format_html(
        '<div class="gz-source" lang="en">{}{}{}</div>{}',
        state_chip(state),
        text,
        changes,
        term_list(english, termbase_of(obj)),
    )


def termbase_of(obj) -> Termbase:
    """Return the termbase, loaded once per object shown (a form shows several fields of one story)."""
    root = getattr(obj, "article", None) or obj
    if not hasattr(root, "_gz_termbase"):
        root._gz_termbase = Termbase.load()
    return root._gz_termbase


def marked_text(english: str, termbase: Termbase):
    """Return plain English as HTML paragraphs, with each termbase term in <mark> with its Chinese."""
    parts, last = [], 0
    for start, end, term in termbase.spans(english):
        parts.append(format_html("{}", english[last:start]))
        parts.append(
            format_html('<mark class="gz-term" title="{}">{}</mark>', term.rendering, english[start:end])
        )
        last = end
    parts.append(format_html("{}", english[last:]))
    html = "".join(parts)  # every part went through format_html
    paragraphs = [p.replace("\n", "<br>") for p in html.split("\n\n") if p.strip()]
    return mark_safe("".join(f"<p>{p}</p>" for p in paragraphs))


def term_list(english: str, termbase: Termbase):
    """Return the terms this English uses with their agreed Chinese, for the translator."""
    terms = termbase.found_in(english)
    if not terms:
        return ""
    items = format_html_join(
        "",
        '<li><span lang="en">{}</span> → <strong lang="zh-Hans">{}</strong>{}</li>',
        ((term.english, term.rendering, _(" (keep as is)") if term.keep_as_is else "") for term in terms),
    )
    return format_html('<div class="gz-terms"><p>{}</p><ul>{}</ul></div>', _("Terms:"), items)


def badge(status: TranslationStatus):
    """Return the short list-column badge: "zh 75%" and the roll-up state ("not started" alone)."""
    if status.state == NOT_STARTED:
        return format_html('<span class="gz-badge gz-badge-not-started">{}</span>', status.state_label)
    return format_html(
        '<span class="gz-badge gz-badge-{}">zh {}%</span> <span class="gz-badge-state">{}</span>',
        status.state,
        status.percent,
        status.state_label,
    )


def summary(status: TranslationStatus):
    """Return the story form's translation summary: a progress bar and what is missing or outdated."""
    lines = []
    for state, heading in (
        (OUTDATED, pgettext("translation state", "Outdated")),
        ("missing", pgettext("translation state", "Missing")),
    ):
        labels = status.labels(state)
        if labels:
            lines.append((heading, ", ".join(labels)))
    details = format_html_join("", "<li><strong>{}:</strong> {}</li>", lines)
    return format_html(
        '<div class="gz-summary"><p><progress max="100" value="{}">{}%</progress> {}</p>{}</div>',
        status.percent,
        status.percent,
        _("Chinese %(percent)s%% done (%(state)s): %(done)s of %(total)s fields.")
        % {
            "percent": status.percent,
            "state": status.state_label,
            "done": status.done,
            "total": status.total,
        },
        format_html('<ul class="gz-summary-list">{}</ul>', details) if lines else "",
    )
