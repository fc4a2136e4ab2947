"""Markdown bodies: render once on save, sanitize with an allow-list, and mark image places.

An editor places the Nth image by writing ``[image N]`` on a line of its own. After sanitizing,
that paragraph becomes an HTML comment marker, ``<!--image:N-->``. Sanitizing strips every comment
from the author's input, so the only markers in the stored HTML are the ones added here.
"""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li", "ol",
    "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_IMAGE_PARAGRAPH = re.compile(r"<p>\s*\[image\s+(\d{1,3})\]\s*</p>", re.IGNORECASE)
_MARKER = re.compile(r"<!--image:(\d{1,3})-->")


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
    return _IMAGE_PARAGRAPH.sub(lambda m: f"<!--image:{int(m.group(1))}-->", clean)


def split_body(html: str) -> list[tuple[str, str | int]]:
    """Split stored body HTML into ("html", fragment) and ("image", N) parts, in order."""
    parts: list[tuple[str, str | int]] = []
    pos = 0
    for match in _MARKER.finditer(html):
        if match.start() > pos:
            parts.append(("html", html[pos : match.start()]))
        parts.append(("image", int(match.group(1))))
        pos = match.end()
    if pos < len(html):
        parts.append(("html", html[pos:]))
    return parts
