"""A readable diff between two states of a story: per field and per language, escaped for the admin.

Text is compared word by word (character by character for Chinese, which has no spaces), and long
unchanged stretches are shortened to "…" so a one-word fix in a long body stays easy to spot.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from articles.history.snapshots import ARTICLE_FIELDS, IMAGE_FIELDS, StorySnapshot, same_value
from articles.languages import NATIVE_NAMES, SUFFIX_OF
from articles.models import Article, ArticleImage, Section, StoryNote, Tag

LONG_TEXT = 80
CONTEXT_TOKENS = 12

_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKENS = re.compile(rf"[{_CJK}]|\s+|[^\s{_CJK}\W]+|\S")


@dataclass
class Change:
    label: str
    html: SafeString


def field_label(model, attname: str) -> str:
    """Return "Chinese headline" ("中文标题") for ``title_zh_hans``, "Section" for ``section_id``."""
    return str(capfirst(model._meta.get_field(attname).verbose_name))


def _collapse(tokens: list[str], *, leading: bool, trailing: bool) -> str:
    """Shorten an unchanged run, keeping a little context next to the changes around it."""
    if len(tokens) <= 2 * CONTEXT_TOKENS + 1:
        return "".join(tokens)
    head = tokens[:CONTEXT_TOKENS] if leading else []
    tail = tokens[-CONTEXT_TOKENS:] if trailing else []
    return "".join(head) + " … " + "".join(tail)


def inline_diff(old: str, new: str) -> SafeString:
    """Return escaped HTML of ``new`` with removed text in <del> and added text in <ins>."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    parts = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            text = _collapse(a[i1:i2], leading=index > 0, trailing=index < len(opcodes) - 1)
            parts.append(format_html("{}", text))
            continue
        if i2 > i1:
            parts.append(format_html('<del class="gz-del">{}</del>', "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html('<ins class="gz-ins">{}</ins>', "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # every part above went through format_html


def _old_new(old: str, new: str) -> SafeString:
    if old and new:
        return format_html('<del class="gz-del">{}</del> → <ins class="gz-ins">{}</ins>', old, new)
    if new:
        return format_html('<ins class="gz-ins">{}</ins>', new)
    return format_html('<del class="gz-del">{}</del>', old)


class Names:
    """Section and tag names for the diff, fetched once per page."""

    def __init__(self, snapshots):
        tag_ids = set().union(*(s.tag_ids for s in snapshots if s is not None))
        self.sections = Section.objects.in_bulk()
        self.tags = Tag.objects.in_bulk(tag_ids)

    def section(self, pk) -> str:
        return str(self.sections[pk]) if pk in self.sections else _("(deleted section #%(pk)s)") % {"pk": pk}

    def tag(self, pk) -> str:
        return str(self.tags[pk]) if pk in self.tags else _("(deleted tag #%(pk)s)") % {"pk": pk}


def display_value(attname: str, value, names: Names) -> str:
    if value is None or value == "":
        return ""
    if attname == "section_id":
        return names.section(value)
    if attname == "status":
        return str(Article.Status(value).label) if value in Article.Status.values else str(value)
    if attname == "published_at":
        return formats.localize(timezone.localtime(value))
    return str(value)


def _value_change(model, attname: str, old, new, names: Names, prefix: str = "") -> Change | None:
    old_text, new_text = display_value(attname, old, names), display_value(attname, new, names)
    if old_text == new_text:
        return None
    is_text = isinstance(old, str | None) and isinstance(new, str | None) and attname not in ("status",)
    long = is_text and max(len(old_text), len(new_text)) > LONG_TEXT
    html = inline_diff(old_text, new_text) if long and old_text and new_text else _old_new(old_text, new_text)
    return Change(label=prefix + field_label(model, attname), html=html)


def _image_changes(old: dict, new: dict, names: Names) -> list[Change]:
    changes = []
    for pk in sorted(old.keys() | new.keys(), key=lambda k: ((new.get(k) or old.get(k))["position"], k)):
        before, after = old.get(pk), new.get(pk)
        label = _("Image %(n)s") % {"n": (after or before)["position"]}
        if before is None:
            changes.append(
                Change(
                    label,
                    format_html(
                        '<ins class="gz-ins">{}</ins>', _("added: %(alt)s") % {"alt": after["alt_text_en"]}
                    ),
                )
            )
        elif after is None:
            changes.append(
                Change(
                    label,
                    format_html(
                        '<del class="gz-del">{}</del>', _("removed: %(alt)s") % {"alt": before["alt_text_en"]}
                    ),
                )
            )
        else:
            for attname in IMAGE_FIELDS:
                change = _value_change(
                    ArticleImage, attname, before[attname], after[attname], names, f"{label}: "
                )
                if change:
                    changes.append(change)
    return changes


def _note_changes(old: dict, new: dict) -> list[Change]:
    """A note added, removed or edited (its English and Chinese text), newest last."""
    changes = []
    for pk in sorted(old.keys() | new.keys()):
        before, after = old.get(pk), new.get(pk)
        label = _("Note: %(kind)s") % {"kind": StoryNote.Kind((after or before)["kind"]).label}
        if before is None:
            changes.append(Change(label, format_html('<ins class="gz-ins">{}</ins>', after["text_en"])))
        elif after is None:
            changes.append(Change(label, format_html('<del class="gz-del">{}</del>', before["text_en"])))
        else:
            for code, suffix in SUFFIX_OF.items():
                attname = f"text_{suffix}"
                if not same_value(before[attname], after[attname]):
                    html = format_html(
                        '<del class="gz-del">{}</del> <ins class="gz-ins">{}</ins>',
                        before[attname] or "",
                        after[attname] or "",
                    )
                    changes.append(Change(f"{label} · {NATIVE_NAMES[code]}", html))
    return changes


def _tag_change(old: frozenset, new: frozenset, names: Names) -> Change | None:
    if old == new:
        return None
    removed = sorted(names.tag(pk) for pk in old - new)
    added = sorted(names.tag(pk) for pk in new - old)
    html = format_html_join(" ", '<del class="gz-del">{}</del>', ((n,) for n in removed))
    html += format_html_join(" ", ' <ins class="gz-ins">{}</ins>', ((n,) for n in added))
    return Change(str(capfirst(Article._meta.get_field("tags").verbose_name)), html)


def diff_snapshots(old: StorySnapshot | None, new: StorySnapshot, names: Names | None = None) -> list[Change]:
    """Return what changed from ``old`` to ``new``, field by field and language by language."""
    names = names or Names([old, new])
    if old is None:
        return []
    changes = [
        change
        for attname in ARTICLE_FIELDS
        if (
            change := _value_change(Article, attname, old.fields.get(attname), new.fields.get(attname), names)
        )
    ]
    if tag_change := _tag_change(old.tag_ids, new.tag_ids, names):
        changes.append(tag_change)
    return changes + _image_changes(old.images, new.images, names) + _note_changes(old.notes, new.notes)


def _public(fields: dict) -> bool:
    when = fields.get("published_at")
    return fields.get("status") == Article.Status.PUBLISHED and when is not None and when <= timezone.now()


def status_notes(old: dict, new: dict) -> list[str]:
    """What going from state ``old`` to ``new`` (field dicts) does to the status and the publish time.

    Said before a restore or a recovery, so that neither unpublishes or publishes a story quietly.
    """
    names = None  # status and times need no section or tag names
    notes = []
    old_status, new_status = old.get("status"), new.get("status")
    old_time, new_time = old.get("published_at"), new.get("published_at")
    if old_status != new_status:
        notes.append(
            _("Status: %(old)s → %(new)s.")
            % {
                "old": display_value("status", old_status, names) or "—",
                "new": display_value("status", new_status, names),
            }
        )
    if old_time != new_time:
        notes.append(
            _("Publish time: %(old)s → %(new)s.")
            % {
                "old": display_value("published_at", old_time, names) or "—",
                "new": display_value("published_at", new_time, names) or "—",
            }
        )
    if _public(old) and not _public(new):
        notes.append(_("Readers will no longer see the story."))
    elif _public(new) and not _public(old):
        notes.append(_("Readers will see the story at once."))
    elif (
        new_status == Article.Status.PUBLISHED and new_time and new_time > timezone.now() and not _public(new)
    ):
        notes.append(
            _("The story will appear by itself on %(time)s.")
            % {"time": display_value("published_at", new_time, names)}
        )
    return notes
