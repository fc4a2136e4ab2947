"""/sitemap.xml is an index of sitemap pages of at most GUOZHEN_SITEMAP_LIMIT URLs each."""

from xml.etree import ElementTree as ET

import pytest
from django.utils import translation

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def restore_language():
    """Chinese pages leave Chinese active in this thread; later tests expect the language they began with."""
    previous = translation.get_language()
    yield
    translation.activate(previous)


NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def get_xml(client, url):
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def test_index_splits_sections_into_pages_of_the_limit(client, settings):
    settings.GUOZHEN_SITEMAP_LIMIT = 4
    stories = [make_article(hours_ago=n + 1) for n in range(5)]  # 10 story URLs: 2 languages each
    hidden = [
        make_article(status="draft", hours_ago=None),
        make_article(status="archived"),
        make_article(hours_ago=-5),  # scheduled
    ]
    index = get_xml(client, "/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = [node.text for node in index.findall("sm:sitemap/sm:loc", NS)]
    story_pages = [loc for loc in locations if "sitemap-stories.xml" in loc]
    assert story_pages == [
        "http://testserver/sitemap-stories.xml",
        "http://testserver/sitemap-stories.xml?p=2",
        "http://testserver/sitemap-stories.xml?p=3",
    ]
    listed = []
    for page in story_pages:
        urls = [node.text for node in get_xml(client, page).findall("sm:url/sm:loc", NS)]
        assert 0 < len(urls) <= 4
        listed += urls
    expected = {f"http://testserver/{lang}/stories/{a.slug}/" for a in stories for lang in ("en", "zh-hans")}
    assert sorted(listed) == sorted(expected)  # each once, none lost at the page edges
    for article in hidden:
        assert all(article.slug not in url for url in listed)
    assert client.get("/sitemap-stories.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
    # The stories' index entry carries the newest change.
    story_entry = next(
        n for n in index.findall("sm:sitemap", NS) if n.find("sm:loc", NS).text == story_pages[0]
    )
    assert story_entry.find("sm:lastmod", NS) is not None


def test_default_limit_is_the_protocols(settings):
    assert settings.GUOZHEN_SITEMAP_LIMIT == 50_000
