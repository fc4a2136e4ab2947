"""The page cache cannot be flooded: junk query strings and Host ports share the canonical entry."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db

PAGE_ENTRY = re.compile(r"pagecache:\d+:")  # not the generation or the schedule key


def page_entries() -> list[str]:
    """Every page stored in the cache, read from the backend itself (locmem or Redis)."""
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):  # LocMemCache
        keys = list(store)
    else:
        client = cache._cache.get_client()
        keys = [key.decode() for key in client.scan_iter(match="*pagecache:*")]
    return [key for key in keys if PAGE_ENTRY.search(key)]


def junk_queries(count: int):
    """Distinct query strings an attacker (or a mailing list's tracker) might send."""
    for n in range(count):
        yield [
            f"x={n}",
            f"utm_source=mail&utm_campaign={n}",
            f"page=1&junk={n}",
            f"page={'0' * (n % 5)}1&x={n}",
            f"q=search{n}",
            f"page=&n={n}",
        ][n % 6]


def path(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_a_thousand_junk_query_strings_make_one_entry_per_page_and_language(client):
    tag = make_tag(name_en="Inference chips")
    story = make_article(title_en="Cache flood target story", tags=[tag])
    pages = [
        ("articles:index", {}),
        ("articles:detail", {"slug": story.slug}),
        ("articles:tag", {"slug": tag.slug}),
        ("articles:feed-rss", {}),
    ]
    canonical = {}
    for language in ("en", "zh-hans"):
        for name, kwargs in pages:
            canonical[(language, name)] = client.get(path(name, language, **kwargs)).content
    assert len(page_entries()) == 8

    queries = list(junk_queries(1000))
    assert len(set(queries)) == 1000
    for n, query in enumerate(queries):
        language = ("en", "zh-hans")[n % 2]
        name, kwargs = pages[(n // 2) % len(pages)]
        response = client.get(f"{path(name, language, **kwargs)}?{query}")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "hit"
        assert response.content == canonical[(language, name)]  # the canonical page, junk nowhere in it
    assert len(page_entries()) == 8


def test_junk_parameters_never_reach_the_rendered_page(client):
    make_article(title_en="Reflected parameter check")
    response = client.get("/en/?utm_source=reflected-marker-7731&page=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reflected parameter check" in html
    assert "reflected-marker-7731" not in html
    assert client.get("/en/")["X-Page-Cache"] == "hit"


def test_page_numbers_are_keyed_one_way(client):
    for n in range(21):
        make_article(title_en=f"Paged flood story {n:02d}", hours_ago=n + 1)
    second = client.get("/en/?page=2")
    assert second.status_code == 200 and second["X-Page-Cache"] == "miss"
    for query in ("page=02", "page=002&x=1", "page=5&page=2", "x=1&page=2"):
        again = client.get(f"/en/?{query}")
        assert again["X-Page-Cache"] == "hit" and again.content == second.content
    assert len(page_entries()) == 1
    assert client.get("/en/?page=abc").status_code == 404  # junk numbers stay a 404, never cached
    assert client.get("/en/?page=3").status_code == 404
    assert len(page_entries()) == 1


def test_host_ports_share_the_entry_and_never_reach_the_page(client):
    make_article(title_en="Host header flood story")
    first = client.get("/en/", headers={"host": "testserver"})
    assert first["X-Page-Cache"] == "miss"
    for port in range(1000, 1200):
        response = client.get("/en/", headers={"host": f"TestServer:{port}"})
        assert response["X-Page-Cache"] == "hit"
        assert f":{port}" not in response.content.decode()
    assert client.get("/en/", headers={"host": "testserver."})["X-Page-Cache"] == "hit"
    assert len(page_entries()) == 1


def test_a_port_rendered_fresh_carries_no_port_into_the_links(client):
    make_article(title_en="Fresh render with a port")
    html = client.get("/en/", headers={"host": "testserver:4444"}).content.decode()
    assert "http://testserver/en/" in html  # the canonical link
    assert "testserver:4444" not in html


def test_the_port_the_server_listens_on_is_kept(client):
    make_article(title_en="Development server story")
    html = client.get("/en/", headers={"host": "127.0.0.1:8000"}, SERVER_PORT="8000").content.decode()
    assert "http://127.0.0.1:8000/en/" in html


def test_in_production_no_port_is_kept(client, settings):
    # gunicorn on a unix socket sets SERVER_PORT from the Host header, so it proves nothing.
    settings.PRODUCTION = True
    make_article(title_en="Production host story")
    first = client.get("/en/", headers={"host": "testserver:4444"}, SERVER_PORT="4444")
    second = client.get("/en/", headers={"host": "testserver:5555"}, SERVER_PORT="5555")
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert "testserver:4444" not in first.content.decode()
    assert len(page_entries()) == 1


def test_search_keeps_its_query(client):
    story = make_article(title_en="Quantum annealing roundup")
    other = make_article(title_en="Robot hands grasp eggs")
    html = client.get(path("articles:search"), {"q": "quantum", "x": "1"}).content.decode()
    assert f"/stories/{story.slug}/" in html and f"/stories/{other.slug}/" not in html
    assert "X-Page-Cache" not in client.get(path("articles:search"), {"q": "quantum"})
