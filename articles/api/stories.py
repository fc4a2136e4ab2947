"""Endpoints: the story list (cursor pages, filters), a story by slug, and search."""

import re
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urlencode

from django.http import Http404
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from articles.api import cursor as cursors
from articles.api import reads
from articles.api.cards import cards_json
from articles.api.language import Lang
from articles.api.reads import STORY_COLUMNS
from articles.api.responses import json_response, json_text_response, to_json
from articles.api.schemas import Error, SearchPage, Story, StoryPage
from articles.api.serializers import Serializer
from articles.caching.etag import etag_from_content
from articles.models import Article, ArticleImage, Author, Credit, Section, StoryNote, Tag, TaggedArticle
from articles.search.query import parse_query
from articles.search.results import SearchResults

router = Router(tags=["stories"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"  # what slugs are made of; anything else never reaches the database
MAX_SLUG = 100  # Article.slug's max_length
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_PUBLISHED_AT = STORY_COLUMNS.index("published_at")
# What the API shows of an image: not its translation bookkeeping.
_IMAGE_FIELDS = (
    "article_id", "position", "image", "width", "height", "renditions", "credit", "credit_url",
    "caption_en", "caption_zh_hans", "alt_text_en", "alt_text_zh_hans",
)  # fmt: skip


_TAG_NAMES = ("slug", "name_en", "name_zh_hans")
_TAG_COLUMNS = tuple(f"tag__{name}" for name in _TAG_NAMES)


def attach_related(articles: list) -> list:
    """Give each story ``api_images`` (by position) and ``api_tags`` (by slug): two queries in all.

    Plain queries, not prefetch_related: Django's prefetch builds a related manager and queryset
    per story, which cost a third of the story list's time.
    """
    ids = [article.pk for article in articles]
    images: dict = {pk: [] for pk in ids}
    tags: dict = {pk: [] for pk in ids}
    rows = ArticleImage.objects.filter(article_id__in=ids).only(*_IMAGE_FIELDS)
    for image in rows.order_by("position", "pk"):
        images[image.article_id].append(image)
    # Plain rows, not Tag objects: a page holds hundreds of tag links, and the API reads three columns.
    links = TaggedArticle.objects.filter(content_object_id__in=ids).order_by("tag__slug")
    for story_id, *columns in links.values_list("content_object_id", *_TAG_COLUMNS):
        tags[story_id].append(SimpleNamespace(**dict(zip(_TAG_NAMES, columns, strict=True))))
    for article in articles:
        article.api_images, article.api_tags = images[article.pk], tags[article.pk]
    return articles


def _pk(model, slug: str, message: str) -> int:
    """The id of the row with ``slug``; an unknown slug is a bad filter (400) with ``message``."""
    found = reads.pk_by_slug(model, slug)
    if found is None:
        raise HttpError(400, message % {"slug": slug})
    return found


def _next_url(request, **params) -> str:
    kept = {key: value for key, value in request.GET.items() if key not in params}
    return request.build_absolute_uri(f"{request.path}?{urlencode({**kept, **params})}")


@router.get(
    "/stories",
    response={200: StoryPage, 400: Error},
    url_name="stories",
    summary="Published stories, newest first",
)
@decorate_view(etag_from_content)
def stories(
    request,
    lang: Lang = "en",
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    cursor: str | None = Query(None, description="The next_cursor of the previous page."),
    section: str | None = Query(None, description="A section slug.", pattern=SLUG_PATTERN, max_length=100),
    tag: str | None = Query(None, description="A tag slug.", pattern=SLUG_PATTERN, max_length=100),
    updated_since: datetime | None = Query(None, description="ISO 8601; without a zone, UTC."),
    author: str | None = Query(None, description="An author's slug.", pattern=SLUG_PATTERN, max_length=100),
    type: str | None = Query(None, description="news, analysis, opinion, explainer or sponsored."),
):
    """Stories readers can see, newest first, ``limit`` a page (20; at most 100).

    Filters: ``section``, ``tag`` and ``author`` (slugs; an unknown one is a 400), ``type`` and
    ``updated_since``.
    """
    filters = {}
    if cursor:
        try:
            filters["cursor"] = cursors.decode(cursor)
        except cursors.BadCursor:
            raise HttpError(400, _("The cursor is not valid; start again without it.")) from None
    if section:
        filters["section"] = (_pk(Section, section, _("There is no section with the slug “%(slug)s”.")),)
    if tag:
        filters["tag"] = (_pk(Tag, tag, _("There is no tag with the slug “%(slug)s”.")),)
    if author:
        filters["author"] = (_pk(Author, author, _("There is no author with the slug “%(slug)s”.")),)
    if type:
        if type not in Article.StoryType.values:
            raise HttpError(400, _("There is no story type “%(type)s”.") % {"type": type[:40]})
        filters["type"] = (type,)
    if updated_since:
        if is_naive(updated_since):
            updated_since = make_aware(updated_since, UTC)
        filters["updated_since"] = (updated_since,)
    found = reads.story_rows(filters, limit + 1)
    page, more = found[:limit], len(found) > limit
    next_cursor = cursors.encode_at(page[-1][_PUBLISHED_AT], page[-1][0]) if more else None
    # What to_json of {"lang", "items", "next_cursor", "next"} gives, with each card encoded once.
    items = ",".join(cards_json(request, lang, page))
    next_url = _next_url(request, cursor=next_cursor) if more else None
    body = (
        f'{{"lang":{to_json(lang)},"items":[{items}],'
        f'"next_cursor":{to_json(next_cursor)},"next":{to_json(next_url)}}}'
    )
    return json_text_response(body, lang=lang)


@router.get(
    "/stories/{slug}",
    response={200: Story, 400: Error, 404: Error},
    url_name="story",
    summary="A published story by its slug",
)
@decorate_view(etag_from_content)
def story(request, slug: str, lang: Lang = "en"):
    """Every field of a story, its images with renditions, its tags, section and both page URLs."""
    if not re.fullmatch(SLUG_PATTERN, slug) or len(slug) > MAX_SLUG:
        raise Http404(_("There is no published story with this slug."))
    # Not the Markdown sources: the API sends the sanitised HTML.
    markdown = ("body", "body_en", "body_zh_hans", "translation_sources")
    stories = Article.objects.published().defer(*markdown).select_related("section")
    found = list(stories.filter(slug=slug))
    if not found:
        raise Http404(_("There is no published story with this slug."))
    article = attach_related(found)[0]
    # One query for the credits with their people, one for the notes (newest first).
    article.api_credits = list(
        Credit.objects.filter(article=article).select_related("author").order_by("role", "position", "pk")
    )
    article.api_notes = list(StoryNote.objects.filter(article=article).order_by("-noted_at", "-pk"))
    return json_response(Serializer(request, lang).story(article), lang=lang)


@router.get(
    "/search",
    response={200: SearchPage, 400: Error},
    url_name="search",
    summary="Search published stories (the search page's engine and rules)",
)
@decorate_view(etag_from_content)
def search(
    request,
    q: str = Query(..., description="What to search for, in English or Chinese."),
    lang: Lang = "en",
    page: int = Query(1, ge=1, le=1000),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    """Best matches first, ``limit`` a page; the same engine, limits and query rules as /search/."""
    query = parse_query(q)
    results = SearchResults(query)
    start = (page - 1) * limit
    found = attach_related(results[start : start + limit])
    total = results.count()
    serializer = Serializer(request, lang)
    more = start + limit < total
    return json_response(
        {
            "lang": lang,
            "query": query.text,
            "total": total,
            "capped": results.capped,
            "page": page,
            "items": [serializer.card(article) for article in found],
            "next": _next_url(request, page=page + 1) if more else None,
        },
        lang=lang,
    )
