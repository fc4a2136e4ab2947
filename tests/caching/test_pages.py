"""The page cache: anonymous reader pages are cached per language and never served stale."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.caching.pages import GENERATION_KEY
from tests.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def get(client, path, **headers):
    return client.get(path, headers=headers)


@pytest.mark.parametrize("stories", [5, 50])
def test_anonymous_page_is_cached_then_served_without_queries(client, django_assert_num_queries, stories):
    section = make_section()
    for _ in range(stories - 1):
        make_article(section=section)
    article = make_article(title_en="Chip exports tighten again", section=section)
    first = get(client, url("articles:index"))
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert article.title_en in first.content.decode()

    with django_assert_num_queries(0):
        second = get(client, url("articles:index"))
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_each_language_is_cached_separately(client):
    make_article(title_en="Robots fold laundry", title_zh_hans="机器人叠衣服")
    english = get(client, "/en/")
    chinese = get(client, "/zh-hans/")
    assert "Robots fold laundry" in english.content.decode()
    assert "机器人叠衣服" not in english.content.decode()
    assert "机器人叠衣服" in chinese.content.decode()
    # Both now come from the cache, still each in its own language.
    assert get(client, "/en/")["X-Page-Cache"] == "hit"
    chinese_again = get(client, "/zh-hans/")
    assert chinese_again["X-Page-Cache"] == "hit"
    assert "机器人叠衣服" in chinese_again.content.decode()
    assert "Robots fold laundry" not in chinese_again.content.decode()


def test_only_the_page_parameter_is_part_of_the_key(client):
    for n in range(3):
        make_article(title_en=f"Paged story {n} of three")
    assert get(client, "/en/?page=1")["X-Page-Cache"] == "miss"
    # Page 1 is the page without the parameter: one entry (tests/caching/test_cache_keys.py has more).
    assert get(client, "/en/")["X-Page-Cache"] == "hit"
    assert get(client, "/en/?page=2").get("X-Page-Cache") != "hit"


def test_public_headers_for_a_cdn(client):
    make_article()
    response = get(client, "/en/")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=0"} <= cache_control
    assert "private" not in cache_control
    assert "Cookie" in response["Vary"]
    assert response["ETag"]
    # The language is in the path, so the page does not vary on Accept-Language.
    assert "Accept-Language" not in response["Vary"]


def test_cdn_max_age_is_configurable(client, settings):
    settings.GUOZHEN_PAGE_MAX_AGE = 30
    settings.GUOZHEN_PAGE_SHARED_MAX_AGE = 120
    make_article()
    for _ in range(2):  # the miss and the hit say the same
        cache_control = get(client, "/en/")["Cache-Control"]
        assert "max-age=30" in cache_control and "s-maxage=120" in cache_control


def test_conditional_get_answers_304_from_the_cache(client):
    make_article()
    etag = get(client, "/en/")["ETag"]
    hit = get(client, "/en/", if_none_match=etag)
    assert hit.status_code == 304
    assert hit.content == b""
    assert get(client, "/en/", if_none_match='"something-else"').status_code == 200


def test_conditional_get_on_a_miss_still_fills_the_cache(client):
    make_article()
    etag = get(client, "/en/")["ETag"]
    from django.core.cache import cache

    cache.incr(GENERATION_KEY)  # as if another server had saved something
    revalidated = get(client, "/en/", if_none_match=etag)
    assert revalidated.status_code == 304
    assert get(client, "/en/")["X-Page-Cache"] == "hit"


def test_staff_are_never_served_from_or_written_to_the_cache(client, admin_client):
    make_article(title_en="Shared front page story")
    get(client, "/en/")  # an anonymous reader fills the cache
    staff = admin_client.get("/en/")
    assert staff.status_code == 200
    assert "X-Page-Cache" not in staff
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    assert "public" not in staff["Cache-Control"]

    from django.core.cache import cache

    cache.clear()
    admin_client.get("/en/")
    assert get(client, "/en/")["X-Page-Cache"] == "miss"  # the staff visit stored nothing


def test_staff_preview_of_a_draft_is_private_and_never_shared(client, admin_client):
    draft = make_article(status="draft", hours_ago=None, title_en="Embargoed investigation")
    detail = url("articles:detail", slug=draft.slug)
    preview = admin_client.get(detail)
    assert preview.status_code == 200
    assert "Embargoed investigation" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    anonymous = get(client, detail)
    assert anonymous.status_code == 404
    assert "Embargoed investigation" not in anonymous.content.decode()


def test_admin_pages_are_never_cached(admin_client, client):
    login = client.get(reverse("admin:login"))
    assert "X-Page-Cache" not in login
    assert "no-cache" in login["Cache-Control"] or "no-store" in login["Cache-Control"]
    changelist = admin_client.get(reverse("admin:articles_article_changelist"))
    assert "X-Page-Cache" not in changelist
    assert "private" in changelist["Cache-Control"]


def test_post_is_never_cached(client):
    make_article()
    assert client.post("/en/").status_code == 405
    assert get(client, "/en/")["X-Page-Cache"] == "miss"


def test_search_results_are_never_cached(client, settings):
    assert "articles:search" not in settings.GUOZHEN_PAGE_CACHE_VIEWS
    try:
        search = url("articles:search")
    except NoReverseMatch:
        pytest.skip("no search page on this branch; covered once the search view is merged")
    make_article(title_en="Searchable quantum news")
    for query in ("quantum", "robots"):
        response = client.get(search, {"q": query})
        assert "X-Page-Cache" not in response


def test_pages_outside_the_list_are_not_cached(client, settings):
    tag = make_tag()
    make_article(tags=[tag])
    settings.GUOZHEN_PAGE_CACHE_VIEWS = {"articles:index"}
    tag_url = url("articles:tag", slug=tag.slug)
    get(client, tag_url)
    assert "X-Page-Cache" not in get(client, tag_url)


def test_page_cache_switched_off_still_renders_fresh_pages(client, settings):
    settings.GUOZHEN_PAGE_CACHE = False
    make_article(title_en="Uncached front page")
    response = get(client, "/en/")
    assert "X-Page-Cache" not in response
    assert "Uncached front page" in response.content.decode()
    assert "public" in response["Cache-Control"]


# --- Scheduled stories ------------------------------------------------------------------------
def test_unreachable_cache_serves_pages_uncached(client, settings):
    make_article(title_en="Still readable without Redis")
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = get(client, "/en/")
    assert response.status_code == 200
    assert "Still readable without Redis" in response.content.decode()
    assert "X-Page-Cache" not in response


def test_make_section_pages_cached_per_section(client):
    first, second = make_section(), make_section()
    make_article(section=first, title_en="Desk one exclusive")
    make_article(section=second, title_en="Desk two exclusive")
    one = get(client, url("articles:section", slug=first.slug)).content.decode()
    two = get(client, url("articles:section", slug=second.slug)).content.decode()
    assert "Desk one exclusive" in one and "Desk two exclusive" not in one
    assert "Desk two exclusive" in two and "Desk one exclusive" not in two


def test_head_is_answered_from_the_cache_but_never_fills_it(client):
    make_article(title_en="Headline for a HEAD request")
    assert client.head("/en/").status_code == 200
    assert get(client, "/en/")["X-Page-Cache"] == "miss"  # the HEAD stored nothing
    head = client.head("/en/")
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
