"""Reusable checks that rendered HTML and feeds cannot run script (used by tests/reader/test_hostile.py).

Run them on any page: ``assert_no_executable_markup(response.content.decode())`` and on any feed:
``assert_feed_clean(response.content)``. They parse the markup the way a browser tokenizes it
(``html.parser`` decodes entities in attribute values), so ``&#106;avascript:`` is caught too.
"""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")

URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "xlink:href", "data", "background", "poster", "ping",
    "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "manifest", "icon", "imagesrcset",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
SAFE_DATA_URLS = re.compile(r"data:image/(png|jpeg|gif|webp|avif);")
EMBEDDING_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_INVISIBLE = re.compile(r"[\s\x00-\x20]+")


def load_payloads() -> list[str]:
    """The hostile inputs, one per line; ``\\n`` in a line stands for a line break."""
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("# ")]


def is_dangerous_url(value: str) -> bool:
    """True for javascript:, vbscript: and data: (except raster images), however it is spelled."""
    url = _INVISIBLE.sub("", value).lower()
    return url.startswith(DANGEROUS_SCHEMES) and not SAFE_DATA_URLS.match(url)


class _Checker(HTMLParser):
    def __init__(self, allow_static_scripts: bool):
        super().__init__(convert_charrefs=True)
        self.allow_static_scripts = allow_static_scripts
        self.problems: list[str] = []
        self._script: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name in URL_ATTRIBUTES and value:
                urls = (
                    [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name else [value]
                )
                if any(is_dangerous_url(url) for url in urls):
                    self.problems.append(f"<{tag} {name}={value!r}> script URL")
            if name == "style" and value and re.search(r"javascript:|expression\(|url\(", value, re.I):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag in EMBEDDING_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "refresh":
            if is_dangerous_url((found.get("content") or "").partition("url=")[2]):
                self.problems.append("<meta refresh> to a script URL")
        if tag == "script":
            kind = (found.get("type") or "").lower()
            src = found.get("src") or ""
            if kind == "application/ld+json" or (self.allow_static_scripts and kind == "application/json"):
                self._script = (kind, [])
            elif self.allow_static_scripts and src.startswith("/") and not src.startswith("//"):
                self._script = ("static", [])
            else:
                self.problems.append(f"<script {found}>")
                self._script = ("bad", [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or not self._script:
            return
        kind, parts = self._script
        text = "".join(parts)
        if kind in ("application/ld+json", "application/json"):
            try:
                json.loads(text)
            except ValueError as exc:
                self.problems.append(f"{kind} that is not valid JSON ({exc})")
        elif kind == "static" and text.strip():
            self.problems.append("inline code inside a <script src>")
        self._script = None


def executable_markup(html: str, *, allow_static_scripts: bool = False) -> list[str]:
    """Everything in ``html`` that could run script; empty when the page is safe.

    Reader pages allow only ``<script type="application/ld+json">`` holding valid JSON. Admin
    pages (``allow_static_scripts=True``) may also load scripts from this site (static files, the
    admin's translation catalog) and hold JSON data blocks; never a script from another host.
    """
    checker = _Checker(allow_static_scripts)
    checker.feed(html)
    checker.close()
    return checker.problems


def assert_no_executable_markup(html: str, where: str = "", **options) -> None:
    problems = executable_markup(html, **options)
    assert not problems, f"{where}: {problems[:5]}"


def assert_feed_clean(xml: bytes, where: str = "") -> None:
    """The feed parses without errors (bozo 0) and no HTML it carries can run script.

    RSS ``<description>`` and Atom ``<summary>``/``<content>`` (and any element marked
    ``type="html"``) are HTML that feed readers render, so plain text such as a dek must be escaped
    before it goes in. Titles and categories are plain text.
    """
    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, f"{where}: {parsed.get('bozo_exception')}"
    for element in ET.fromstring(xml).iter():
        name = element.tag.rsplit("}", 1)[-1]
        is_html = name in ("description", "summary", "content") or element.get("type") in ("html", "xhtml")
        if is_html and element.text:
            assert_no_executable_markup(element.text, f"{where} <{name}>")
