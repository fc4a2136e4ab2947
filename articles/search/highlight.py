"""Result snippets in the page language, with the query's terms wrapped in ``<mark>``.

Safety: the text is cut into matched and unmatched pieces first, and every piece is HTML-escaped
before ``<mark>`` is added around the matched ones, so nothing in a story or a query becomes markup.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from articles.models import Article
from articles.search.documents import html_to_text
from articles.search.query import ParsedQuery

SNIPPET_CHARS = 180
_LATIN = "A-Za-z0-9\u00c0-\u024f"
# Enough stemming to mark "manufacturing" for the query "manufacture"; the index does the real work.
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ers", "er", "ly", "s", "e")
_FALLBACK_LANGUAGE = "en"


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def term_pattern(query: ParsedQuery) -> re.Pattern | None:
    """Return a regex finding the query's terms in display text (None for an empty query)."""
    parts = [rf"(?<![{_LATIN}]){re.escape(_stem(word))}[{_LATIN}]*" for word in query.words]
    parts += [re.escape(term) for term in sorted(query.cjk, key=len, reverse=True)]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, pattern: re.Pattern | None, start: int = 0, end: int | None = None) -> SafeString:
    """Return text[start:end] escaped, with every match of pattern wrapped in ``<mark>``."""
    end = len(text) if end is None else end
    if pattern is None:
        return escape(text[start:end])
    out, pos = [], start
    for match in pattern.finditer(text, start, end):
        if match.end() == match.start():
            continue
        out.append(escape(text[pos : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        pos = match.end()
    out.append(escape(text[pos:end]))
    return mark_safe("".join(out))  # every piece above is escaped


def snippet(text: str, pattern: re.Pattern | None, width: int = SNIPPET_CHARS) -> SafeString | None:
    """Return a window of text around the first match, highlighted, or None without a match."""
    match = pattern.search(text) if pattern else None
    if match is None:
        return None
    start = max(0, match.start() - width // 3)
    if start > 0:
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    end = max(match.end(), min(len(text), start + width))
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space != -1 else end
    body = highlight(text, pattern, start, end)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))


@dataclass
class SearchHit:
    """One result as the page shows it. ``*_lang`` is set only when the text fell back to English."""

    article: Article
    title: SafeString
    title_lang: str
    snippet: SafeString
    snippet_lang: str
    found_in_other_language: bool


def _suffix(language: str) -> str:
    return language.replace("-", "_")


def _localized(obj, name: str, language: str) -> tuple[str, str]:
    """Return (text in the page language with English fallback, lang attribute if it fell back)."""
    value = getattr(obj, name) or ""
    if language == _FALLBACK_LANGUAGE or getattr(obj, f"{name}_{_suffix(language)}", ""):
        return value, ""
    return value, _FALLBACK_LANGUAGE


def _other_language_matches(article: Article, pattern: re.Pattern, language: str) -> bool:
    other = "zh_hans" if language == _FALLBACK_LANGUAGE else _FALLBACK_LANGUAGE
    texts = [getattr(article, f"{name}_{other}") or "" for name in ("title", "dek", "why_it_matters")]
    texts.append(html_to_text(getattr(article, f"body_html_{other}") or ""))
    return any(pattern.search(value) for value in texts)


def build_hit(article: Article, pattern: re.Pattern | None) -> SearchHit:
    """Return the headline and the best snippet of a matching story, in the active language."""
    language = get_language() or _FALLBACK_LANGUAGE
    title, title_lang = _localized(article, "title", language)
    dek, dek_lang = _localized(article, "dek", language)
    body, body_lang = _localized(article, "body_html", language)
    candidates = [(dek, dek_lang), (html_to_text(body), body_lang)]
    candidates.append(_localized(article, "why_it_matters", language))
    candidates += [_localized(image, "caption", language) for image in article.images.all()]
    candidates += [_localized(item.tag, "name", language) for item in article.tagged_items.all()]
    for value, lang in candidates:
        found = snippet(value, pattern)
        if found is not None:
            return SearchHit(article, highlight(title, pattern), title_lang, found, lang, False)
    title_matched = bool(pattern and pattern.search(title))
    other = not title_matched and bool(pattern) and _other_language_matches(article, pattern, language)
    return SearchHit(article, highlight(title, pattern), title_lang, highlight(dek, pattern), dek_lang, other)
