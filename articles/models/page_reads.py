"""The reader's hot reads, each compiled once per process (``models/prepared.py``).

A story page, a list page (home, section, tag, author) and their cards run only these reads, so a
request spends its time in SQLite and the template, not in building SQL. They return the same rows
the QuerySet methods would (``published()``, ``with_story_page_data()``,
``lead_images()``); ``tests/models/test_page_reads.py`` checks that they agree.
"""

from django.db.models import OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from modeltranslation.translator import translator

from articles.languages import ORIGINAL
from articles.models import translation_state
from articles.models.authors import Author, Credit
from articles.models.images import ArticleImage
from articles.models.notes import StoryNote
from articles.models.prepared import INT, INTS, MOMENT, TEXT, PreparedRead
from articles.models.stories import Article
from articles.models.taxonomy import Section, Tag, TaggedArticle


def _published(now) -> QuerySet:
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__lte=now)


def _shown(
    queryset: QuerySet, *, unshown: tuple[str, ...] = (), counted: bool = False, section: bool = False
) -> QuerySet:
    """Defer the columns a story page never reads; on a Chinese page, select its translation counts.

    - Each translated field's untranslated original: modeltranslation keeps ``title`` beside
      ``title_en`` and ``title_zh_hans``, and the page reads those two (``section``: the same for
      the section selected with a story).
    - The translation fingerprints and ``unshown`` (the story's Markdown): a Chinese page's
      translation notices read ``counted`` rows' ``count_annotations()`` instead, worked out by the
      database from the same columns (``translation_state.py``).

    The reads compile once per language, so each language gets its own column list; a page that
    read a deferred column would run one more query, which the query-budget tests catch. Django's
    own ``defer`` is called: modeltranslation's would defer every language's column.
    """
    model = queryset.model
    names = list(translator.get_options_for_model(model).fields)
    if section:  # the story's section, selected with it
        names += [f"section__{name}" for name in translator.get_options_for_model(Section).fields]
    names += [*unshown]
    if hasattr(model, "translation_source_fields"):
        names.append("translation_sources")
        if counted and translation.get_language() != ORIGINAL:
            queryset = queryset.annotate(
                **translation_state.count_annotations(model.translation_source_fields)
            )
    return QuerySet.defer(queryset, *names)


# A story's Markdown source: the page shows the HTML made from it.
_SOURCE_TEXT = ("body_en", "body_zh_hans")
_STORY = PreparedRead(
    lambda slug, now: _shown(
        _published(now).filter(slug=slug).select_related("section"),
        unshown=_SOURCE_TEXT,
        counted=True,
        section=True,
    ),
    TEXT,
    MOMENT,
)
_ANY_STORY = PreparedRead(
    lambda slug: _shown(
        Article.objects.filter(slug=slug).select_related("section"),
        unshown=_SOURCE_TEXT,
        counted=True,
        section=True,
    ),
    TEXT,
)
# Images in their order within the story, without joining the story table to sort (see images.py).
_IMAGES = PreparedRead(
    lambda pk: _shown(ArticleImage.objects.filter(article_id=pk).order_by("position", "pk"), counted=True),
    INT,
)
_TAGS = PreparedRead(lambda pk: _shown(Tag.objects.filter(tagged_articles__content_object_id=pk)), INT)
# What a story page never shows of its authors (bylines and JSON-LD use the name, slug and links):
# three of these are JSON, decoded for every author of every story page.
_AUTHOR_UNSHOWN = tuple(
    f"author__{name}"
    for name in ("bio", "bio_en", "bio_zh_hans", "job_title", "job_title_en", "job_title_zh_hans", "image",
                 "width", "height", "renditions", "translation_sources")
)  # fmt: skip
_CREDITS = PreparedRead(
    lambda pk: (
        Credit.objects.filter(article_id=pk)
        .select_related("author")
        .defer(*_AUTHOR_UNSHOWN)
        .order_by("role", "position", "pk")
    ),
    INT,
)
_NOTES = PreparedRead(lambda pk: _shown(StoryNote.objects.filter(article_id=pk), counted=True), INT)
_RELATED = {}  # one read per limit


def story_for_page(slug: str, *, include_unpublished: bool = False) -> Article | None:
    """Return the story with ``slug`` and everything its page shows (section, images, tags, credits
    with their authors, notes), or None. Only a public story unless ``include_unpublished``."""
    found = _ANY_STORY(slug) if include_unpublished else _STORY(slug, timezone.now())
    if not found:
        return None
    story = found[0]
    attach(story, "images", ArticleImage, _IMAGES(story.pk), back="article")
    attach(story, "tags", Tag, _TAGS(story.pk))
    attach(story, "credits", Credit, _CREDITS(story.pk), back="article")
    attach(story, "notes", StoryNote, _NOTES(story.pk), back="article")
    return story


_EMPTY_QUERYSETS: dict[tuple, QuerySet] = {}


def _holder(model) -> QuerySet:
    """A fresh unevaluated ``model`` queryset, copied from one made once per model and language.

    ``get_queryset()`` costs tens of microseconds (modeltranslation rewrites its ordering); the
    holder of prefetched rows is never run, only iterated, so a shallow copy serves.
    """
    key = (model, translation.get_language())
    template = _EMPTY_QUERYSETS.get(key)
    if template is None:
        template = _EMPTY_QUERYSETS[key] = model._default_manager.get_queryset()
    queryset = object.__new__(type(template))
    queryset.__dict__.update(template.__dict__)
    return queryset


def attach(instance, name: str, model, objects: list, *, back: str | None = None) -> None:
    """Store ``objects`` as ``instance.<name>.all()``, as ``prefetch_related`` would."""
    queryset = _holder(model)
    queryset._result_cache, queryset._prefetch_done = objects, True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
    if back:
        cached = model._meta.get_field(back)
        for item in objects:
            cached.set_cached_value(item, instance)


# What the related list shows of a story, as plain columns (reader/story_html.py).
RELATED_COLUMNS = ("id", "slug", "title_en", "title_zh_hans", "published_at", "section_id")


def related_stories(story: Article, *, limit: int) -> list[tuple]:
    """Up to ``limit`` public stories sharing a tag with ``story``, newest first, as
    ``RELATED_COLUMNS`` rows."""
    tag_ids = [tag.pk for tag in story.tags.all()]
    if not tag_ids:
        return []
    if limit not in _RELATED:

        def build(tag_ids, pk, now):
            sharing = TaggedArticle.objects.filter(tag_id__in=tag_ids).values("content_object_id")
            stories = _published(now).filter(pk__in=sharing).exclude(pk=pk)
            return stories.rewrite(False).values_list(*RELATED_COLUMNS)[:limit]

        _RELATED[limit] = PreparedRead(build, INTS, INT, MOMENT)
    return _RELATED[limit](tag_ids, story.pk, timezone.now())


# Story lists: the public stories, in the model's order (newest first), a window at a time.
_LISTS = {}


class StoryWindows:
    """A list read and its values; slicing it runs the read for that window of rows.

    This is what ``reader/pagination.story_page`` slices, in place of a queryset.
    """

    def __init__(self, read: PreparedRead, *values):
        self.read, self.values = read, values

    def __getitem__(self, window: slice) -> list:
        return self.read(*self.values, window=(window.start, window.stop))


# What a card shows of a story, as plain columns (reader/cards.py builds the card from them).
CARD_COLUMNS = (
    "id", "slug", "story_type", "title_en", "title_zh_hans", "dek_en", "dek_zh_hans", "published_at",
    "section_id",
)  # fmt: skip
# What a card's picture shows of the lead image; the renditions as their stored JSON text.
PICTURE_COLUMNS = (
    "article_id", "id", "image", "width", "height", "alt_text_en", "alt_text_zh_hans", "renditions_text",
)  # fmt: skip


def story_list(kind: str, pk: int | None = None) -> StoryWindows:
    """The stories of a list page as ``CARD_COLUMNS`` rows: ``kind`` is "all", or "section", "tag" or
    "author" with its ``pk``; slice the result for a window of rows."""
    if kind not in _LISTS:
        filters = {
            "all": lambda stories, _: stories,
            "section": lambda stories, pk: stories.filter(section_id=pk),
            "tag": lambda stories, pk: stories.filter(tagged_items__tag_id=pk),
            "author": lambda stories, pk: stories.filter(pk__in=_credited(pk)),
        }[kind]

        def columns(stories):
            # Plain rows: no model instances, and no modeltranslation rewriting of named columns.
            return stories.rewrite(False).values_list(*CARD_COLUMNS)

        if kind == "all":
            _LISTS[kind] = PreparedRead(lambda now: columns(_published(now)), MOMENT)
        else:
            _LISTS[kind] = PreparedRead(lambda pk, now: columns(filters(_published(now), pk)), INT, MOMENT)
    now = timezone.now()
    return StoryWindows(_LISTS[kind], now) if kind == "all" else StoryWindows(_LISTS[kind], pk, now)


def _credited(author_id) -> QuerySet:
    return Credit.objects.filter(author_id=author_id).values("article_id")


_LEAD_IMAGES = {}


def lead_images(story_ids: list[int]) -> dict[int, tuple]:
    """Return {story id: its first image by position, as a ``PICTURE_COLUMNS`` row}."""
    if not story_ids:
        return {}
    if not _LEAD_IMAGES:

        def build(ids):
            # Only each story's first image: a story of many pictures costs its card no more rows.
            first = ArticleImage.objects.filter(article_id=OuterRef("article_id")).order_by("position", "pk")
            leads = ArticleImage.objects.rewrite(False).filter(
                article_id__in=ids, pk=Subquery(first.values("pk")[:1])
            )
            text = Cast("renditions", output_field=TextField())
            return leads.annotate(renditions_text=text).order_by().values_list(*PICTURE_COLUMNS)

        _LEAD_IMAGES["read"] = PreparedRead(build, INTS)
    return {row[0]: row for row in _LEAD_IMAGES["read"](story_ids)}


def _tag(slug, now) -> QuerySet:
    used = TaggedArticle.objects.filter(content_object__in=_published(now)).values("tag_id")
    return Tag.objects.filter(slug=slug, pk__in=used)


_TAG = PreparedRead(_tag, TEXT, MOMENT)
_AUTHOR = PreparedRead(lambda slug: _shown(Author.objects.filter(slug=slug)), TEXT)


def tag_with_public_stories(slug: str) -> Tag | None:
    """The tag with ``slug`` if a public story uses it (``Tag.objects.with_published_stories()``)."""
    found = _TAG(slug, timezone.now())
    return found[0] if found else None


def author_by_slug(slug: str) -> Author | None:
    found = _AUTHOR(slug)
    return found[0] if found else None
