"""The translation memory: done Chinese fields split into segments aligned with their English, and
suggestions for the English segments of a story being translated.

Alignment: paragraphs (blank lines) pair up when both sides have as many; within a pair, sentences
(English after . ! ?, Chinese after 。！？) pair up when their counts match, else the paragraph is one
segment. A field whose paragraph counts differ is not remembered. Only *done* fields are kept:
``refresh_story`` runs after every save of a story's text, so a field whose English changed (now
outdated) leaves the memory until it is translated again.

Suggestions: up to three per English segment, exact matches first, then fuzzy ones scoring at least
``MIN_SCORE`` (rapidfuzz's ratio), never from the story itself. The sources are held in memory per
process and reloaded when a refresh anywhere bumps the memory's version in the shared cache.
"""

import re
import threading
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import chain

from django.core.cache import cache
from django.utils import timezone
from rapidfuzz import fuzz, process

from articles.languages import STORY_TEXT_FIELDS
from articles.models import Article, TranslationSegment
from articles.translations.sources import normalize
from articles.translations.status import DONE, field_state

MIN_SCORE = 75
LIMIT = 3
VERSION_KEY = "gz:translation-memory:version"
_EN_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ZH_SENTENCE = re.compile(r"(?<=[。！？])")
_PARAGRAPH = re.compile(r"\n\s*\n")


def _sentences(paragraph: str, pattern) -> list[str]:
    return [s.strip() for s in pattern.split(paragraph) if s.strip()]


def align(english: str, chinese: str) -> list[tuple[str, str]]:
    """Return the aligned (English, Chinese) segments of one field, or [] when they do not align."""
    en_paras = [p.strip() for p in _PARAGRAPH.split(normalize(english)) if p.strip()]
    zh_paras = [p.strip() for p in _PARAGRAPH.split(normalize(chinese)) if p.strip()]
    if not en_paras or len(en_paras) != len(zh_paras):
        return []
    pairs = []
    for en, zh in zip(en_paras, zh_paras, strict=True):
        en_s, zh_s = _sentences(en, _EN_SENTENCE), _sentences(zh, _ZH_SENTENCE)
        pairs += list(zip(en_s, zh_s, strict=True)) if len(en_s) == len(zh_s) > 1 else [(en, zh)]
    return pairs


def segments_to_translate(english: str) -> list[str]:
    """Return the English segments of a field, as ``align`` would cut them (sentences)."""
    found = []
    for paragraph in _PARAGRAPH.split(normalize(english)):
        found += _sentences(paragraph, _EN_SENTENCE)
    return found


def refresh_story(article: Article) -> None:
    """Replace the story's segments with those of its done fields (call after saving its text)."""
    rows = [
        TranslationSegment(article=article, field=name, source=en, target=zh)
        for name in STORY_TEXT_FIELDS
        if field_state(article, name) == DONE
        for en, zh in align(getattr(article, f"{name}_en") or "", getattr(article, f"{name}_zh_hans") or "")
    ]
    TranslationSegment.objects.filter(article=article).delete()
    TranslationSegment.objects.bulk_create(rows, batch_size=500)
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)  # every process reloads on its next suggestion


@dataclass(frozen=True)
class Suggestion:
    score: int
    exact: bool
    source: str
    target: str
    article_id: int
    title: str
    date: datetime


_WORD = re.compile(r"[a-z0-9]+")
# A fuzzy match scoring 75 or more keeps most of the query's words, so only segments holding at
# least half of the query's six rarest words are scored: 100,000 segments are never scanned one by one.
RARE_WORDS = 6
RARE_SHARE = 0.5


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


_FIELDS = ("source", "target", "article_id", "article__title_en", "updated_at")
FULL_RELOAD = timedelta(minutes=10)  # also catches a change committed long after its timestamp
SKEW = timedelta(seconds=5)  # saves in other processes whose timestamps trail their commit


class _Loaded:
    """The memory's segments with a word index, per process; brought up to date when the version moves.

    A new version reloads only the stories changed since the last look (their old rows are marked
    dead); everything is reloaded every ``FULL_RELOAD``, or when more than a fifth of the rows (and
    more than 1,000) are dead.
    """

    lock = threading.Lock()
    version = None
    full_at = synced_at = None
    rows: list[tuple] = []
    exact: dict[str, list[int]] = {}
    postings: dict[str, list[int]] = {}
    by_article: dict[int, list[int]] = {}
    dead: set[int] = set()

    @classmethod
    def _add(cls, queryset) -> None:
        for row in queryset.order_by("pk").values_list(*_FIELDS).iterator(chunk_size=5000):
            index = len(cls.rows)
            cls.rows.append(row)
            cls.exact.setdefault(row[0], []).append(index)
            cls.by_article.setdefault(row[2], []).append(index)
            for word in _words(row[0]):
                cls.postings.setdefault(word, []).append(index)

    @classmethod
    def _update(cls, since) -> None:
        changed = set(Article.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
        changed |= set(
            TranslationSegment.objects.filter(updated_at__gte=since).values_list("article_id", flat=True)
        )
        deleted = set(cls.by_article) - set(Article.objects.values_list("pk", flat=True))
        for article_id in changed | deleted:
            cls.dead.update(cls.by_article.pop(article_id, ()))
        cls._add(TranslationSegment.objects.filter(article_id__in=changed))

    @classmethod
    def get(cls):
        version = cache.get(VERSION_KEY)
        unknown = version is None  # never set, or evicted: what changed since is unknown
        if unknown:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
        with cls.lock:
            if cls.version != version:
                now = timezone.now()
                stale = cls.full_at is None or now - cls.full_at > FULL_RELOAD
                if unknown or stale or len(cls.dead) > max(1000, len(cls.rows) // 5):
                    cls.rows, cls.exact, cls.postings, cls.by_article, cls.dead = [], {}, {}, {}, set()
                    cls._add(TranslationSegment.objects.all())
                    cls.full_at = now
                else:
                    cls._update(cls.synced_at - SKEW)
                cls.synced_at, cls.version = now, version
            return cls.rows, cls.exact, cls.postings, cls.dead


def _candidates(segment: str, postings) -> list[int]:
    words = sorted(_words(segment), key=lambda w: len(postings.get(w, ())))
    rare = words[:RARE_WORDS]
    needed = max(1, round(len(rare) * RARE_SHARE))
    counts = Counter(chain.from_iterable(postings.get(word, ()) for word in rare))
    return [index for index, count in counts.items() if count >= needed]


def _suggestion(row, score: float, exact: bool) -> Suggestion:
    source, target, article_id, title, date = row
    return Suggestion(round(score), exact, source, target, article_id, title, date)


def suggest(segments: list[str], *, exclude_article: int | None = None) -> dict[str, list[Suggestion]]:
    """Return up to three suggestions for each English segment (exact first, then fuzzy >= 75)."""
    rows, exact, postings, dead = _Loaded.get()
    found: dict[str, list[Suggestion]] = {}
    for segment in dict.fromkeys(s for s in segments if s.strip()):
        picked = [
            _suggestion(rows[j], 100, True)
            for j in exact.get(segment, ())
            if j not in dead and rows[j][2] != exclude_article
        ]
        picked = picked[:LIMIT]
        if len(picked) < LIMIT:
            ids = [
                j
                for j in _candidates(segment, postings)
                if j not in dead and rows[j][2] != exclude_article and rows[j][0] != segment
            ]
            choices = [rows[j][0] for j in ids]
            matches = process.extract(
                segment, choices, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=LIMIT - len(picked)
            )
            picked += [_suggestion(rows[ids[index]], score, False) for _, score, index in matches]
        found[segment] = picked
    return found


def story_suggestions(article: Article) -> dict[str, list[tuple[str, list[Suggestion]]]]:
    """Return, per story field, each English segment with its suggestions."""
    per_field = {
        name: segments_to_translate(getattr(article, f"{name}_en") or "") for name in STORY_TEXT_FIELDS
    }
    every = [s for segments in per_field.values() for s in segments]
    found = suggest(every, exclude_article=article.pk)
    return {name: [(s, found.get(s, [])) for s in segments] for name, segments in per_field.items()}
