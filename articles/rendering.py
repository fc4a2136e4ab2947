"""Markdown bodies: render once on save, sanitize with an allow-list, mark image places, report problems.

An editor places the Nth image by writing ``[image N]`` on a line of its own. After sanitizing,
that paragraph becomes an HTML comment marker, ``<!--image:N-->``. Sanitizing strips every comment
from the author's input, so the only markers in the stored HTML are the ones added here. A marker
always sits between top-level blocks: one written inside a quote or a list moves to just after it,
since a page splits the body at its markers and a split inside an element would break the markup.
"""

import re
from functools import lru_cache

import markdown
import nh3
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol",
    "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_IMAGE_PARAGRAPH = re.compile(r"<p>\s*\[image\s+(\d{1,3})\]\s*</p>", re.IGNORECASE)
_MARKER = re.compile(r"<!--image:(\d{1,3})-->")
# A marker or a tag of sanitized HTML (nh3 writes every attribute value in double quotes).
_MARKER_OR_TAG = re.compile(r'<!--image:\d{1,3}-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]|"[^"]*")*>')
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def sanitize_html(html: str) -> str:
    """Return html with everything outside the allow-list removed; links get rel=noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Return the sanitized HTML for a Markdown body, with ``<!--image:N-->`` image markers."""
    if not text.strip():
        return ""
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = sanitize_html(html)
    return top_level_markers(_IMAGE_PARAGRAPH.sub(lambda m: f"<!--image:{int(m.group(1))}-->", clean))


def top_level_markers(html: str) -> str:
    """Move each image marker that sits inside an element (a quote, a list) to just after it.

    Bodies stored before markers were kept at the top level may still hold nested ones, so the
    split below applies this too; a body without markers is returned as it is.
    """
    if "<!--image:" not in html:
        return html
    out: list[str] = []
    waiting: list[str] = []  # markers met inside the current top-level element
    depth = pos = 0
    for match in _MARKER_OR_TAG.finditer(html):
        if match.group(2) is None:  # a marker
            if depth:
                out.append(html[pos : match.start()])
                waiting.append(match.group(0))
                pos = match.end()
            continue
        if match.group(2).lower() in _VOID or match.group(0).endswith("/>"):
            continue
        depth = max(depth - 1 if match.group(1) else depth + 1, 0)
        if depth == 0 and waiting:
            out += [html[pos : match.end()], *waiting]
            waiting, pos = [], match.end()
    return "".join([*out, html[pos:], *waiting])


@lru_cache(maxsize=512)
def split_body(html: str) -> tuple[tuple[str, str | int], ...]:
    """Split stored body HTML into ("html", fragment) and ("image", N) parts, in order.

    A pure function of the text, kept for the last 512 bodies seen (a story page splits its body
    on every request, and walking the tags to lift nested markers was a twentieth of the page).
    """
    parts: list[tuple[str, str | int]] = []
    pos = 0
    html = top_level_markers(html)
    for match in _MARKER.finditer(html):
        if match.start() > pos:
            parts.append(("html", html[pos : match.start()]))
        parts.append(("image", int(match.group(1))))
        pos = match.end()
    if pos < len(html):
        parts.append(("html", html[pos:]))
    return tuple(parts)


_IMAGE_LINE = re.compile(r"^\s*\[image\s+(\d{1,3})\]\s*$", re.IGNORECASE)
_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
)
_ATTRIBUTE = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def _line_of(text: str, needle: str) -> int | None:
    lowered = needle.lower()
    for number, line in enumerate(text.splitlines(), start=1):
        if lowered in line.lower():
            return number
    return None


def body_problems(text: str, *, image_count: int) -> list[str]:
    """What an editor should know about a body after saving: dead ``[image N]`` lines, removed markup.

    Each entry names the line of the Markdown source ("Line 3: ...").
    """
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _IMAGE_LINE.match(line)
        if match and not 1 <= int(match.group(1)) <= image_count:
            problems.append(
                ngettext(
                    "Line %(line)d: [image %(n)s] points at no image; the story has %(count)d image.",
                    "Line %(line)d: [image %(n)s] points at no image; the story has %(count)d images.",
                    image_count,
                )
                % {"line": number, "n": match.group(1), "count": image_count}
            )
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html") if text else ""
    seen = set()
    for match in _TAG.finditer(html):
        tag, attributes = match.group(1).lower(), match.group(2)
        if tag not in ALLOWED_TAGS:
            message = _("%(tag)s was removed: stories may not contain it.")
            removed = [(message % {"tag": f"<{tag}>"}, f"<{tag}" if tag != "img" else "![")]
        else:
            message = _("The %(attribute)s attribute of %(tag)s was removed: stories may not contain it.")
            allowed = ALLOWED_ATTRIBUTES.get(tag, set())
            removed = [
                (message % {"attribute": name.lower(), "tag": f"<{tag}>"}, name)
                for name in _ATTRIBUTE.findall(attributes)
                if name.lower() not in allowed
            ]
        for what, needle in removed:
            if what not in seen:
                seen.add(what)
                line = _line_of(text, needle)
                problems.append(
                    _("Line %(line)d: %(problem)s") % {"line": line, "problem": what} if line else what
                )
    return problems
