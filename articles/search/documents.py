"""One search document per story: the text readers can find it by, in both languages.

Each document has four columns, ranked from strongest to weakest: the headline, the dek, the
"extra" text (why it matters, tag names, image captions) and the body as plain text (rendered from
Markdown and stripped of HTML, so link targets and Markdown syntax are not searchable). Every column
holds the English and the Chinese text together, so either language finds the story from either page.

Drafts and scheduled stories are indexed too; ``Article.objects.published()`` is applied when
searching, so a scheduled story turns up by itself when its time comes.

Each document also carries a ``sort_key``: its publish time in seconds (0 until it has one, so drafts
sort last), shifted left by KEY_ID_BITS, plus the story id. Ordering by it means "newest first, then
highest id", and because the SQLite index uses it as its rowid, FTS5 can walk matches newest first
and stop after one page instead of sorting every match.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from html import unescape

from django.apps import apps as global_apps

from articles.languages import SUFFIXES
from articles.translations.termbase import Termbase

COLUMNS = ("title", "dek", "extra", "body")
KEY_ID_BITS = 30  # story ids up to about a billion
KEY_ID_MASK = (1 << KEY_ID_BITS) - 1
LANGUAGES = SUFFIXES
ARTICLE_FIELDS = ("title", "dek", "why_it_matters", "body_html")
# Body HTML is our own sanitized output (nh3), so a tag is "<", then anything but ">" outside
# quoted attribute values, then ">"; comments (the image markers) match too. Far faster than an
# HTML parser, which matters when rebuilding 100,000 documents and building 20 snippets a page.
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_BLOCK_TAG = re.compile(r"<(?=/?(?:p|li|h[1-6]|br|hr|td|th|tr|blockquote|pre|div)\b)", re.IGNORECASE)


def sort_key(article_id: int, published_at: datetime | None) -> int:
    """Return the key that orders documents newest first (publish time, then id)."""
    if not 0 < article_id <= KEY_ID_MASK:
        raise ValueError(f"Story id {article_id} does not fit the search index's sort key.")
    seconds = max(0, int(published_at.timestamp())) if published_at else 0
    return (seconds << KEY_ID_BITS) | article_id


@dataclass(frozen=True)
class SearchDocument:
    article_id: int
    sort_key: int
    title: str
    dek: str
    extra: str
    body: str

    def columns(self) -> tuple[str, str, str, str]:
        return (self.title, self.dek, self.extra, self.body)


def html_to_text(html: str) -> str:
    """Return the visible text of sanitized body HTML, with blocks kept apart by spaces."""
    if not html:
        return ""
    return " ".join(unescape(_TAG.sub("", _BLOCK_TAG.sub(" <", html))).split())


def _join(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p and p.strip())


def _termbase(apps) -> Termbase:
    try:
        TermPair = apps.get_model("articles", "TermPair")
    except LookupError:  # a migration's models from before the termbase
        return Termbase([])
    return Termbase(TermPair.objects.values_list("english", "chinese", "keep_as_is"))


def _with_synonyms(termbase: Termbase, extra: str, *texts: str) -> str:
    """Add the other language's words for the story's termbase terms (英伟达 for NVIDIA, and back)."""
    if not termbase:
        return extra
    return _join(extra, " ".join(termbase.synonyms("\n".join(t for t in texts if t))))


def documents_for(article_ids: Iterable[int], *, apps=global_apps) -> list[SearchDocument]:
    """Return the documents of the given stories (missing ids are skipped) in four queries.

    The termbase's pairs are cross-language synonyms: a story that says only "NVIDIA" is found by
    英伟达 and the other way round. ``apps`` lets a migration pass its historical models.
    """
    Article = apps.get_model("articles", "Article")
    ArticleImage = apps.get_model("articles", "ArticleImage")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    ids = list(article_ids)
    fields = [f"{name}_{lang}" for name in ARTICLE_FIELDS for lang in LANGUAGES]
    rows = Article.objects.filter(pk__in=ids).order_by("pk").values("pk", "published_at", *fields)
    extras: dict[int, list[str | None]] = defaultdict(list)
    tag_rows = (
        TaggedArticle.objects.filter(content_object_id__in=ids)
        .order_by("tag__slug")
        .values_list("content_object_id", "tag__name_en", "tag__name_zh_hans")
    )
    for article_id, *names in tag_rows:
        extras[article_id].extend(names)
    image_rows = (
        ArticleImage.objects.filter(article_id__in=ids)
        .order_by("position", "pk")
        .values_list("article_id", "caption_en", "caption_zh_hans")
    )
    for article_id, *captions in image_rows:
        extras[article_id].extend(captions)
    termbase = _termbase(apps)
    documents = []
    for row in rows:
        title = _join(row["title_en"], row["title_zh_hans"])
        dek = _join(row["dek_en"], row["dek_zh_hans"])
        extra = _join(row["why_it_matters_en"], row["why_it_matters_zh_hans"], *extras[row["pk"]])
        body = _join(html_to_text(row["body_html_en"]), html_to_text(row["body_html_zh_hans"]))
        documents.append(
            SearchDocument(
                article_id=row["pk"],
                sort_key=sort_key(row["pk"], row["published_at"]),
                title=title,
                dek=dek,
                extra=_with_synonyms(termbase, extra, title, dek, extra, body),
                body=body,
            )
        )
    return documents


def iter_all_documents(*, batch_size: int = 500, apps=global_apps) -> Iterator[list[SearchDocument]]:
    """Yield the documents of every story, drafts included, in batches ordered by id."""
    Article = apps.get_model("articles", "Article")
    last = 0
    while True:
        ids = list(
            Article.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        yield documents_for(ids, apps=apps)
        last = ids[-1]
