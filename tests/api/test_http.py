"""The API over HTTP: ETag and 304, the page cache and its invalidation, CORS."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

ORIGIN = "https://partner.example"


@pytest.mark.parametrize("page_cache", [True, False])
def test_etag_and_304(client, settings, page_cache):
    settings.GUOZHEN_PAGE_CACHE = page_cache
    article = make_article()
    for url in ("/api/v1/stories", f"/api/v1/stories/{article.slug}", "/api/v1/tags", "/api/v1/sections"):
        first = client.get(url)
        assert first.status_code == 200 and first["ETag"]
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        other = client.get(url, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.content == first.content


def test_anonymous_reads_come_from_the_page_cache_until_a_save(client, django_assert_num_queries):
    article = make_article(title_en="Cached wafer story")
    url = f"/api/v1/stories/{article.slug}?lang=zh-hans"
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        hit = client.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert client.get("/api/v1/stories")["X-Page-Cache"] == "miss"
    assert client.get("/api/v1/stories")["X-Page-Cache"] == "hit"

    article.title_en = "Edited wafer story"
    article.save()  # bumps the generation, as for pages
    fresh = client.get("/api/v1/stories")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Edited wafer story" in fresh.content.decode()
    assert "Cached wafer story" not in fresh.content.decode()


def test_errors_and_search_are_not_cached(client):
    make_article()
    for url in ("/api/v1/stories/missing", "/api/v1/stories?limit=0", "/api/v1/search?q=story"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url)


def test_no_cors_by_default(client, settings):
    assert not settings.GUOZHEN_API_CORS_ORIGINS
    response = client.get("/api/v1/stories", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_cors_for_get_from_listed_origins_only(client, settings):
    settings.GUOZHEN_API_CORS_ORIGINS = frozenset({ORIGIN})
    make_article()
    for _ in range(2):  # a miss, then a hit from the page cache: both carry the header
        allowed = client.get("/api/v1/stories", headers={"Origin": ORIGIN})
        assert allowed["Access-Control-Allow-Origin"] == ORIGIN
        assert "Origin" in allowed["Vary"]
        assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/stories", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other
    # Reader pages are not the API: no CORS there.
    assert "Access-Control-Allow-Origin" not in client.get("/en/", headers={"Origin": ORIGIN})

    preflight = client.options(
        "/api/v1/stories",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    refused = client.options(
        "/api/v1/stories",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in refused
