"""The story list's reads as plain rows, each compiled once per process (``models/prepared.py``).

Building and compiling the list's queryset cost about a quarter of each request, and turning rows
into model instances a fifth; the serializer needs only columns. So each read here is a
``PreparedRead`` over ``values_list``: one plan per combination of filters present (and, inside it,
per language and page size), rerun with each request's values. Rows are read fresh every time:
only the SQL is kept, never a result.
"""

from django.db.models import OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from articles.models import Article, ArticleImage, Author, Credit, Section, Tag, TaggedArticle
from articles.models.prepared import INT, INTS, MOMENT, TEXT, PreparedRead

# What a card shows of a story and its section, in this order (see cards.py).
STORY_COLUMNS = (
    "pk", "slug", "story_type", "title_en", "title_zh_hans", "dek_en", "dek_zh_hans", "published_at",
    "updated_at", "section__slug", "section__position", "section__name_en", "section__name_zh_hans",
)  # fmt: skip
# What a card shows of its lead image; the renditions as the stored JSON text (cards.py parses
# each distinct text once per process, not every row every request).
IMAGE_COLUMNS = (
    "article_id", "position", "image", "width", "height", "renditions_text", "credit", "credit_url",
    "caption_en", "caption_zh_hans", "alt_text_en", "alt_text_zh_hans",
)  # fmt: skip
TAG_COLUMNS = ("content_object_id", "tag__slug", "tag__name_en", "tag__name_zh_hans")


def _plain(model) -> QuerySet:
    """``model``'s rows without modeltranslation's rewriting (every column here is named in full)."""
    return model.objects.rewrite(False)


def _credited(author_id) -> QuerySet:
    return Credit.objects.filter(author_id=author_id).values("article_id")


# The list's filters, in the order their values are passed: each with its parameters' kinds and
# what it adds to the queryset (the same rows as the queryset filters the endpoint used before).
FILTERS = {
    "cursor": (
        (MOMENT, INT),
        lambda stories, when, pk: stories.filter(Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk)),
    ),
    "section": ((INT,), lambda stories, pk: stories.filter(section_id=pk)),
    "tag": ((INT,), lambda stories, pk: stories.filter(tagged_items__tag_id=pk)),
    "author": ((INT,), lambda stories, pk: stories.filter(pk__in=_credited(pk))),
    "type": ((TEXT,), lambda stories, value: stories.filter(story_type=value)),
    "updated_since": ((MOMENT,), lambda stories, when: stories.filter(updated_at__gte=when)),
}
_LISTS: dict[tuple[str, ...], PreparedRead] = {}


def _list_read(names: tuple[str, ...]) -> PreparedRead:
    read = _LISTS.get(names)
    if read is None:
        arities = [len(FILTERS[name][0]) for name in names]

        def build(now, *values):
            stories = _plain(Article).filter(status=Article.Status.PUBLISHED, published_at__lte=now)
            position = 0
            for name, arity in zip(names, arities, strict=True):
                stories = FILTERS[name][1](stories, *values[position : position + arity])
                position += arity
            return stories.order_by("-published_at", "-pk").values_list(*STORY_COLUMNS)

        kinds = [kind for name in names for kind in FILTERS[name][0]]
        read = _LISTS[names] = PreparedRead(build, MOMENT, *kinds)
    return read


def story_rows(filters: dict[str, tuple], count: int) -> list[tuple]:
    """The first ``count`` public stories, newest first, as STORY_COLUMNS rows.

    ``filters`` maps names of FILTERS to their values, e.g. ``{"section": (3,)}``.
    """
    names = tuple(name for name in FILTERS if name in filters)
    values = [value for name in names for value in filters[name]]
    return _list_read(names)(timezone.now(), *values, window=(0, count))


def _lead_images(ids) -> QuerySet:
    # Only each story's first image by position: the card shows no other.
    first = ArticleImage.objects.filter(article_id=OuterRef("article_id")).order_by("position", "pk")
    leads = _plain(ArticleImage).filter(article_id__in=ids, pk=Subquery(first.values("pk")[:1]))
    leads = leads.annotate(renditions_text=Cast("renditions", output_field=TextField()))
    return leads.order_by().values_list(*IMAGE_COLUMNS)


_LEAD_IMAGES = PreparedRead(_lead_images, INTS)
_TAGS = PreparedRead(
    lambda ids: (
        TaggedArticle.objects.filter(content_object_id__in=ids)
        .order_by("tag__slug")
        .values_list(*TAG_COLUMNS)
    ),
    INTS,
)


def lead_images(ids: list[int]) -> dict[int, tuple]:
    """{story id: its first image's IMAGE_COLUMNS row} for the stories ``ids`` that have images."""
    return {row[0]: row for row in _LEAD_IMAGES(ids)} if ids else {}


def tags(ids: list[int]) -> dict[int, list[tuple]]:
    """{story id: its tags' TAG_COLUMNS rows, by slug} for every story in ``ids``."""
    found: dict[int, list[tuple]] = {pk: [] for pk in ids}
    for row in _TAGS(ids) if ids else ():
        found[row[0]].append(row)
    return found


_PKS = {
    model: PreparedRead(lambda slug, m=model: _plain(m).filter(slug=slug).values_list("pk"), TEXT)
    for model in (Section, Tag, Author)
}


def pk_by_slug(model, slug: str) -> int | None:
    """The id of the Section, Tag or Author with ``slug``, or None."""
    found = _PKS[model](slug)
    return found[0][0] if found else None
