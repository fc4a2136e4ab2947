"""Endpoints: the sections, and the tags in use with their story counts."""

from ninja import Router
from ninja.decorators import decorate_view

from articles.api.language import Lang
from articles.api.responses import json_response
from articles.api.schemas import Error, Section, TagCount
from articles.api.serializers import Serializer
from articles.caching.etag import etag_from_content
from articles.models import Section as SectionModel
from articles.models import Tag

router = Router(tags=["sections and tags"])


@router.get(
    "/sections",
    response={200: list[Section], 400: Error},
    url_name="sections",
    summary="Every section, in menu order",
)
@decorate_view(etag_from_content)
def sections(request, lang: Lang = "en"):
    serializer = Serializer(request, lang)
    return json_response([serializer.section(section) for section in SectionModel.objects.all()], lang=lang)


@router.get(
    "/tags",
    response={200: list[TagCount], 400: Error},
    url_name="tags",
    summary="Tags used by published stories",
)
@decorate_view(etag_from_content)
def tags(request, lang: Lang = "en"):
    """Each tag on at least one published story, by slug, with how many published stories carry it."""
    serializer = Serializer(request, lang)
    return json_response(
        [
            serializer.tag(tag, story_count=tag.story_count)
            for tag in Tag.objects.with_story_counts().order_by("slug")
        ],
        lang=lang,
    )
