"""Matching the termbase against story text: which terms a text uses, and which renderings are missing.

English is matched case-insensitively on whole words, and finds simple plurals ("data center"
finds "data centers", "battery" finds "batteries"); the words of a term may be split by any white
space or a hyphen. Chinese is matched by substring. A term kept as is must appear in the Chinese
as it is written in English (in any case).
"""

import re
from dataclasses import dataclass
from functools import cached_property

from articles.models import TermPair
from articles.translations.status import ARTICLE_FIELDS, IMAGE_FIELDS, field_label, image_field_label


@dataclass(frozen=True)
class Term:
    english: str
    chinese: str
    keep_as_is: bool

    @property
    def rendering(self) -> str:
        return self.english if self.keep_as_is else self.chinese


def _word_pattern(word: str) -> str:
    return re.escape(word).replace(r"\-", r"[\s-]+")


def english_pattern(english: str) -> str:
    """Return the regular expression of an English term: whole words, last word maybe plural."""
    words = english.split()
    *head, last = words
    if re.search(r"[^aeiou]y$", last, re.IGNORECASE):
        last_pattern = _word_pattern(last[:-1]) + "(?:y|ies)"
    elif re.search(r"(?:s|x|z|ch|sh)$", last, re.IGNORECASE):
        last_pattern = _word_pattern(last) + "(?:es)?"
    else:
        last_pattern = _word_pattern(last) + "(?:s|es)?"
    body = r"[\s-]+".join([*map(_word_pattern, head), last_pattern])
    return rf"(?<![\w]){body}(?![\w])"


class Termbase:
    """The term pairs, compiled once for matching many texts."""

    def __init__(self, terms):
        # Longest first, so "foundation model" is marked before the "model" inside it.
        self.terms = sorted((Term(*row) for row in terms), key=lambda t: (-len(t.english), t.english.lower()))

    @classmethod
    def load(cls) -> "Termbase":
        return cls(TermPair.objects.as_pairs())

    @cached_property
    def _patterns(self) -> list[tuple[Term, re.Pattern]]:
        return [(term, re.compile(english_pattern(term.english), re.IGNORECASE)) for term in self.terms]

    def __bool__(self) -> bool:
        return bool(self.terms)

    def spans(self, english: str) -> list[tuple[int, int, Term]]:
        """Return the places of terms in ``english``, longest terms first, never overlapping."""
        taken: list[tuple[int, int, Term]] = []
        for term, pattern in self._patterns:
            for match in pattern.finditer(english or ""):
                start, end = match.span()
                if all(end <= a or start >= b for a, b, _ in taken):
                    taken.append((start, end, term))
        return sorted(taken, key=lambda span: span[0])

    def found_in(self, english: str) -> list[Term]:
        """Return the terms ``english`` uses, in the order they first appear."""
        return list(dict.fromkeys(term for _, _, term in self.spans(english)))

    def missing(self, english: str, chinese: str) -> list[Term]:
        """Return the terms of ``english`` whose agreed rendering the Chinese lacks (no Chinese: none)."""
        if not (chinese or "").strip():
            return []
        lowered = chinese.lower()
        return [term for term in self.found_in(english) if term.rendering.lower() not in lowered]

    def synonyms(self, text: str) -> list[str]:
        """Return the other language's words for the terms in ``text`` (for the search index)."""
        found: dict[str, None] = {}
        for term in self.found_in(text):
            if term.chinese and not term.keep_as_is:
                found.setdefault(term.chinese)
        for term in self.terms:
            if term.chinese and not term.keep_as_is and term.chinese in (text or ""):
                found.setdefault(term.english)
        return list(found)


def story_mismatches(article, termbase: Termbase) -> list[tuple[str, Term]]:
    """Return (field label, term) for every term a story's Chinese (and its images') fails to render."""
    found = []
    for name in ARTICLE_FIELDS:
        english, chinese = getattr(article, f"{name}_en"), getattr(article, f"{name}_zh_hans")
        found += [(str(field_label(f"{name}_zh_hans")), term) for term in termbase.missing(english, chinese)]
    for number, image in enumerate(article.images.all(), start=1):
        for name in IMAGE_FIELDS:
            english, chinese = getattr(image, f"{name}_en"), getattr(image, f"{name}_zh_hans")
            label = image_field_label(number, f"{name}_zh_hans")
            found += [(label, term) for term in termbase.missing(english, chinese)]
    return found
