"""The Google News sitemap: the last 48 hours, one entry per real language version, published only."""

from datetime import datetime
from xml.etree import ElementTree as ET

import pytest
from django.utils import translation

from articles.reader import news_sitemap
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def restore_language():
    """Chinese pages leave Chinese active in this thread; later tests expect the language they began with."""
    previous = translation.get_language()
    yield
    translation.activate(previous)


NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def read(client) -> list[dict]:
    """Parse the sitemap, check every element the protocol requires, return the entries."""
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    found = []
    for url in root.findall("sm:url", NS):
        news = url.find("news:news", NS)
        publication = news.find("news:publication", NS)
        entry = {
            "loc": url.find("sm:loc", NS).text,
            "name": publication.find("news:name", NS).text,
            "language": publication.find("news:language", NS).text,
            "date": news.find("news:publication_date", NS).text,
            "title": news.find("news:title", NS).text,
        }
        assert all(entry.values()), entry
        assert datetime.fromisoformat(entry["date"]).tzinfo is not None  # W3C format, with a zone
        found.append(entry)
    return found


def test_recent_stories_in_each_real_language(client):
    both = make_article(hours_ago=1, title_en="News chip ban widens", title_zh_hans="芯片禁令扩大")
    english = make_article(hours_ago=2, title_en="News fab opens", title_zh_hans="")
    old = make_article(hours_ago=49, title_en="News from three days ago")
    hidden = [
        make_article(status="draft", hours_ago=None, title_en="News draft"),
        make_article(status="review", title_en="News in review"),
        make_article(status="archived", title_en="News archived"),
        make_article(hours_ago=-1, title_en="News scheduled"),
    ]
    entries = read(client)
    assert [(e["loc"], e["language"], e["title"]) for e in entries] == [
        (f"http://testserver/en/stories/{both.slug}/", "en", "News chip ban widens"),
        (f"http://testserver/zh-hans/stories/{both.slug}/", "zh-cn", "芯片禁令扩大"),
        (f"http://testserver/en/stories/{english.slug}/", "en", "News fab opens"),
    ]
    assert {e["name"] for e in entries} == {"Guozhen AI"}
    text = client.get("/sitemap-news.xml").content.decode()
    for article in (old, *hidden):
        assert article.slug not in text


def test_at_most_the_newest_entries(client, monkeypatch):
    monkeypatch.setattr(news_sitemap, "MAX_URLS", 3)
    made = [make_article(hours_ago=hours) for hours in (1, 2, 3)]
    entries = read(client)
    assert len(entries) == 3
    assert [e["loc"].split("/")[-2] for e in entries] == [made[0].slug, made[0].slug, made[1].slug]


def test_empty_when_nothing_is_recent(client):
    make_article(hours_ago=72)
    assert read(client) == []


def test_listed_in_robots_txt_and_the_sitemap_index(client):
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap-news.xml" in robots
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [node.text for node in index.findall("sm:sitemap/sm:loc", NS)]
    assert "http://testserver/sitemap-news.xml" in locations
