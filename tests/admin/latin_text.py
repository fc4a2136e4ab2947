"""Find the visible text of an HTML page that is made only of Latin words (for the Chinese UI checks).

Visible text is every text node outside <script>/<style>, plus the attributes a person reads or
hears: ``title``, ``placeholder``, ``aria-label``, ``alt`` and the ``value`` of buttons. Text inside an
element marked ``lang="en"`` (the English source of a story, shown on purpose) or in a textarea is
content, not UI.
"""

import re
from html.parser import HTMLParser

# Proper nouns, codes and formats that stay as they are in the Chinese UI.
ALLOWED = {
    "AVIF",
    "GIF",
    "JPEG",
    "PNG",
    "WebP",
    "URL",
    "Markdown",
    "NVIDIA",
    "English",
    "HTML",
    "CSV",
    "XLIFF",
    "ID",
    "AI",
    "RSS",
    "Atom",
    "Django",
    "Guozhen",
    "zh",
    "en",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_READ_ATTRS = ("title", "placeholder", "aria-label", "alt")
# Slugs and file paths ("nvidia-chip", "originals/2026/12/ab12.jpg") are data, not words.
_IDENTIFIER = re.compile(r"^([a-z0-9][a-z0-9._/-]*|https?://\S+)$")


def only_latin(text: str, allowed=frozenset()) -> bool:
    """Return True if ``text`` has Latin words, no Chinese, and some word not in the allow-list."""
    if _CJK.search(text) or _IDENTIFIER.match(text):
        return False
    words = _LATIN_WORD.findall(text)
    return any(word not in ALLOWED and word not in allowed for word in words)


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden: script/style/lang=en)
        self.found: list[str] = []

    @property
    def hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        # A textarea holds what someone typed; lang="en" marks English shown on purpose.
        hidden = tag in ("script", "style", "template", "textarea") or (a.get("lang") or "").startswith("en")
        if not (self.hidden or hidden):
            texts = [a.get(name) for name in _READ_ATTRS]
            if tag == "input" and a.get("type") in ("submit", "button", "reset"):
                texts.append(a.get("value"))
            if tag == "input" and a.get("type") == "hidden":
                texts = []
            self.found += [t.strip() for t in texts if t and t.strip()]
        if tag not in _VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.found.append(" ".join(data.split()))


def latin_only_texts(html: str, allowed=frozenset()) -> list[str]:
    """Return the visible texts of ``html`` that are made only of Latin words outside the allow-lists."""
    parser = _Visible()
    parser.feed(html)
    return sorted({text for text in parser.found if only_latin(text, allowed)})
