"""The story list's compiled reads (articles/api/reads.py, cards.py) answer exactly what the queryset did.

The reference below is the list as it was built before: a queryset per request, model instances
and ``Serializer.card``. Every combination of filters, in both languages, must give the same bytes.
"""

import itertools
import json
from datetime import UTC, timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from articles.api import cursor as cursors
from articles.api.responses import json_response
from articles.api.serializers import Serializer
from articles.api.stories import _next_url, attach_related
from articles.models import Article
from tests.factories import credit, make_article, make_author, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db

_CARD_FIELDS = (
    "slug", "section", "story_type", "title_en", "title_zh_hans", "dek_en", "dek_zh_hans", "published_at",
    "updated_at", "section__slug", "section__position", "section__name_en", "section__name_zh_hans",
)  # fmt: skip


def reference(request, params: dict, *, lang: str, limit: int, section, tag, author) -> bytes:
    """The list's body for ``request`` (as the view saw it) as the queryset-per-request endpoint made it."""
    queryset = Article.objects.published().select_related("section").only(*_CARD_FIELDS)
    if "cursor" in params:
        queryset = queryset.filter(cursors.after(params["cursor"]))
    if "section" in params:
        queryset = queryset.filter(section=section)
    if "tag" in params:
        queryset = queryset.filter(tags=tag)
    if "author" in params:
        queryset = queryset.filter(pk__in=Article.objects.credited_to(author).values("pk"))
    if "type" in params:
        queryset = queryset.filter(story_type=params["type"])
    if "updated_since" in params:
        queryset = queryset.filter(updated_at__gte=params["updated_since"])
    found = list(queryset.order_by("-published_at", "-pk")[: limit + 1])
    page, more = attach_related(found[:limit]), len(found) > limit
    serializer = Serializer(request, lang)
    next_cursor = cursors.encode(page[-1]) if more else None
    data = {
        "lang": lang,
        "items": [serializer.card(article) for article in page],
        "next_cursor": next_cursor,
        "next": _next_url(request, cursor=next_cursor) if more else None,
    }
    return json_response(data, lang=lang).content


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Every request here reaches the view: what is tested is the reads, not the page cache."""
    settings.GUOZHEN_PAGE_CACHE = False


@pytest.fixture
def site():
    sections = [make_section(), make_section(name_zh_hans="")]
    tags = [make_tag(), make_tag(name_zh_hans="")]
    author = make_author()
    stories = []
    for n in range(9):
        story = make_article(
            section=sections[n % 2],
            tags=tags[: n % 3],
            hours_ago=n + 1,
            story_type="analysis" if n % 3 == 0 else "news",
            title_zh_hans="" if n % 4 == 0 else f"标题{n}",
            dek_zh_hans="   " if n % 4 == 1 else f"摘要{n}",
        )
        if n % 2:
            credit(story, author)
        stories.append(story)
    # Two stories with images: the card shows the first by position, whatever the order they were made.
    make_image(stories[0], position=2, alt_text_en="Second")
    make_image(stories[0], position=1, alt_text_en="First", caption_zh_hans="")
    make_image(stories[3], position=1)
    Article.objects.filter(pk=stories[2].pk).update(updated_at=timezone.now() - timedelta(days=3))
    same = stories[5].published_at
    Article.objects.filter(pk=stories[6].pk).update(published_at=same)  # a tie the cursor must split
    return sections[0], tags[0], author, stories


FILTERS = ("cursor", "section", "tag", "author", "type", "updated_since")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_filter_combination_gives_the_same_bytes_as_the_queryset(client, site, lang):
    section, tag, author, stories = site
    values = {
        "cursor": cursors.encode(Article.objects.get(pk=stories[1].pk)),
        "section": section.slug,
        "tag": tag.slug,
        "author": author.slug,
        "type": "news",
        "updated_since": (timezone.now() - timedelta(days=1)).astimezone(UTC).isoformat(),
    }
    for count in range(len(FILTERS) + 1):
        for names in itertools.combinations(FILTERS, count):
            for limit in (2, 20):
                params = {"lang": lang, "limit": limit, **{name: values[name] for name in names}}
                response = client.get(f"/api/v1/stories?{urlencode(params)}")
                assert response.status_code == 200, names
                expected = reference(
                    response.wsgi_request,
                    params,
                    lang=lang,
                    limit=limit,
                    section=section,
                    tag=tag,
                    author=author,
                )
                assert response.content == expected, (names, limit)


def test_an_empty_chinese_field_falls_back_to_english(client, site):
    _section, _tag, _author, stories = site
    items = {item["slug"]: item for item in client.get("/api/v1/stories?lang=zh-hans").json()["items"]}
    first = items[stories[0].slug]
    assert first["title"] == {"text": stories[0].title_en, "lang": "en", "fallback": True}
    assert first["image"]["position"] == 1 and first["image"]["alt_text"]["text"] == "图表1"
    assert first["image"]["caption"] == {"text": "Caption 1", "lang": "en", "fallback": True}
    assert items[stories[1].slug]["dek"]["fallback"] is True  # blank is empty
    assert items[stories[1].slug]["section"]["name"]["fallback"] is True
    assert items[stories[2].slug]["title"] == {"text": "标题2", "lang": "zh-hans", "fallback": False}


def test_new_and_edited_stories_show_at_once(client, site):
    _section, tag, _author, stories = site
    before = client.get("/api/v1/stories?lang=zh-hans").json()
    fresh = make_article(title_zh_hans="新报道", hours_ago=0, tags=[tag])
    Article.objects.filter(pk=stories[0].pk).update(title_zh_hans="改过的标题")
    tag.name_zh_hans = "改过的标签"
    tag.save()
    image = stories[3].images.get()
    image.caption_zh_hans = "新图注"
    image.save()
    after = client.get("/api/v1/stories?lang=zh-hans").json()
    assert after["items"][0]["slug"] == fresh.slug and before["items"][0]["slug"] != fresh.slug
    items = {item["slug"]: item for item in after["items"]}
    assert items[stories[0].slug]["title"]["text"] == "改过的标题"
    assert items[fresh.slug]["tags"][0]["name"]["text"] == "改过的标签"
    assert items[stories[3].slug]["image"]["caption"]["text"] == "新图注"
    tagged = client.get(f"/api/v1/stories?tag={tag.slug}").json()
    assert fresh.slug in [item["slug"] for item in tagged["items"]]


def test_media_url_changes_reach_the_cached_images(client, site, settings):
    _section, _tag, _author, stories = site
    first = client.get("/api/v1/stories").json()["items"][0]["image"]["renditions"]
    settings.MEDIA_URL = "https://media.example/files/"
    moved = client.get("/api/v1/stories").json()["items"][0]["image"]["renditions"]
    assert first[0]["url"].startswith("http://testserver/media/")
    assert [item["url"].removeprefix("https://media.example/files/") for item in moved] == [
        item["url"].removeprefix("http://testserver/media/") for item in first
    ]
    assert json.dumps(moved) != json.dumps(first)
