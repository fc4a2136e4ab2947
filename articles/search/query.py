"""Reader queries: cut to a sane size and reduced to plain terms that are safe on every backend.

Nothing the reader types reaches a database as syntax. A query becomes a list of terms made only of
letters, digits and CJK characters; FTS operators (``" * ^ : - ( ) NEAR AND OR``), quotes, emoji and
punctuation are separators. Every backend then quotes or parameterises each term. All terms must
match (AND); there are no operators, because readers do not expect them and they break on CJK.
"""

import unicodedata
from dataclasses import dataclass

from articles.search import text

MAX_QUERY_CHARS = 200
MAX_TERMS = 16
# A CJK run longer than this is cut: nobody types a 60-character Chinese word, and a long substring
# query costs the trigram index more and more while finding fewer and fewer stories.
MAX_CJK_TERM_CHARS = 40
SHORT_CJK_CHARS = 2  # 1- and 2-character CJK terms cannot use a trigram index


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query reduced to terms. ``text`` is the cleaned query to show back to them."""

    text: str = ""
    words: tuple[str, ...] = ()
    cjk: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.cjk)

    @property
    def short_cjk(self) -> tuple[str, ...]:
        return tuple(t for t in self.cjk if len(t) <= SHORT_CJK_CHARS)

    @property
    def long_cjk(self) -> tuple[str, ...]:
        return tuple(t for t in self.cjk if len(t) > SHORT_CJK_CHARS)

    @property
    def terms(self) -> tuple[str, ...]:
        return self.words + self.cjk


def _printable(raw: str) -> str:
    """Drop control and format characters (NUL, bidi overrides, ...) and squeeze white space."""
    kept = "".join(" " if ch.isspace() else ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())


def parse_query(raw: str | None) -> ParsedQuery:
    """Return the terms of a reader's query: at most MAX_TERMS, from its first MAX_QUERY_CHARS."""
    cleaned = _printable(raw or "")
    truncated = len(cleaned) > MAX_QUERY_CHARS
    cleaned = cleaned[:MAX_QUERY_CHARS].strip()
    found: dict[tuple[bool, str], None] = {}  # (is_cjk, term), in the order the reader typed them
    for is_cjk, piece in text.split_scripts(text.normalize(cleaned)):
        if is_cjk:
            found.setdefault((True, piece[:MAX_CJK_TERM_CHARS]))
        else:
            for word in text.words(piece):
                if word not in text.STOP_WORDS:
                    found.setdefault((False, word))
    terms = list(found)
    if len(terms) > MAX_TERMS:
        truncated = True
        terms = terms[:MAX_TERMS]
    return ParsedQuery(
        text=cleaned,
        words=tuple(t for is_cjk, t in terms if not is_cjk),
        cjk=tuple(t for is_cjk, t in terms if is_cjk),
        truncated=truncated,
    )
