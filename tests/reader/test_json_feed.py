"""JSON Feed 1.1: every field the spec requires, in the URL's language, published stories only."""

import json
from datetime import datetime

import pytest
from django.utils import translation

from tests.factories import make_article, make_image, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def restore_language():
    """Chinese pages leave Chinese active in this thread; later tests expect the language they began with."""
    previous = translation.get_language()
    yield
    translation.activate(previous)


VERSION = "https://jsonfeed.org/version/1.1"


def fetch(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/feed+json"
    return response, json.loads(response.content)


def check_spec(feed):
    """The JSON Feed 1.1 rules: required keys, their types, and what each item must carry."""
    assert feed["version"] == VERSION
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert feed[key].startswith("http://testserver/")
    for author in feed["authors"]:
        assert author["name"]
    ids = [item["id"] for item in feed["items"]]
    assert len(ids) == len(set(ids))  # unique, and strings
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert item.get("content_html") or item.get("content_text")  # one of the two is required
        for key in ("date_published", "date_modified"):
            datetime.fromisoformat(item[key])  # RFC 3339
            assert item[key][-6] in "+-" or item[key].endswith("Z")  # with a zone
        assert item["url"].startswith("http://testserver/")
        assert item["authors"] and all(author["name"] for author in item["authors"])
        assert isinstance(item["tags"], list)


@pytest.fixture
def stories():
    tag = make_tag(name_en="Accelerators", name_zh_hans="加速器")
    newest = make_article(
        hours_ago=1,
        tags=[tag],
        title_en="JSON feed newest story",
        title_zh_hans="JSON订阅最新报道",
        body_en="Opening.\n\n[image 1]\n\nClosing.",
    )
    make_image(newest, position=1, alt_text_en="A wafer", alt_text_zh_hans="一片晶圆")
    untranslated = make_article(hours_ago=2, title_en="JSON feed English only", title_zh_hans="")
    hidden = [
        make_article(status="draft", hours_ago=None, title_en="JSON feed draft"),
        make_article(status="review", title_en="JSON feed in review"),
        make_article(status="archived", title_en="JSON feed archived"),
        make_article(hours_ago=-2, title_en="JSON feed scheduled"),
    ]
    return newest, untranslated, hidden, tag


def test_english_feed(client, stories):
    newest, untranslated, hidden, _tag = stories
    response, feed = fetch(client, "/en/feed/json/")
    check_spec(feed)
    assert feed["language"] == "en"
    assert feed["feed_url"] == "http://testserver/en/feed/json/"
    titles = [item["title"] for item in feed["items"]]
    assert titles == ["JSON feed newest story", "JSON feed English only"]
    for article in hidden:
        assert article.title_en not in response.content.decode()
    item = feed["items"][0]
    assert item["url"] == f"http://testserver/en/stories/{newest.slug}/"
    assert item["summary"] == newest.dek_en
    assert item["image"].startswith("http://testserver/media/renditions/")
    assert "<p>Opening.</p>" in item["content_html"]
    assert '<img src="http://testserver/media/renditions/' in item["content_html"]
    assert 'alt="A wafer"' in item["content_html"]
    assert "<!--image" not in item["content_html"]
    assert item["content_html"].count("<img") == 1  # placed once, not repeated after the body
    assert "Accelerators" in item["tags"]
    assert "image" not in feed["items"][1]


def test_chinese_feed_marks_english_stand_ins(client, stories):
    newest, untranslated, _hidden, _tag = stories
    _response, feed = fetch(client, "/zh-hans/feed/json/")
    check_spec(feed)
    assert feed["language"] == "zh-Hans"
    by_url = {item["url"]: item for item in feed["items"]}
    translated = by_url[f"http://testserver/zh-hans/stories/{newest.slug}/"]
    assert translated["title"] == "JSON订阅最新报道" and translated["language"] == "zh-Hans"
    assert 'alt="一片晶圆"' in translated["content_html"]
    assert "加速器" in translated["tags"]
    stand_in = by_url[f"http://testserver/zh-hans/stories/{untranslated.slug}/"]
    assert stand_in["title"] == "JSON feed English only" and stand_in["language"] == "en"


def test_tag_feed(client, stories):
    newest, _untranslated, _hidden, tag = stories
    make_article(tags=[tag], status="draft", title_en="JSON feed tagged draft")
    _response, feed = fetch(client, f"/en/tags/{tag.slug}/feed/json/")
    check_spec(feed)
    assert [item["title"] for item in feed["items"]] == ["JSON feed newest story"]
    assert "Accelerators" in feed["title"]
    assert client.get("/en/tags/no-such-tag/feed/json/").status_code == 404


def test_empty_feed_is_valid(client):
    _response, feed = fetch(client, "/en/feed/json/")
    check_spec(feed)
    assert feed["items"] == []


def test_etag_and_304(client, stories):
    first = client.get("/en/feed/json/")
    assert client.get("/en/feed/json/", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_every_page_links_the_feed_in_its_head(client, stories):
    newest, _untranslated, _hidden, tag = stories
    section = newest.section
    for lang in ("en", "zh-hans"):
        with translation.override(lang):
            pages = [
                f"/{lang}/",
                newest.get_absolute_url(),
                section.get_absolute_url(),
                tag.get_absolute_url(),
                f"/{lang}/search/?q=wafer",
                f"/{lang}/no-such-page/",
            ]
        for path in pages:
            html = client.get(path).content.decode()
            head = html.split("</head>")[0]
            assert 'type="application/feed+json"' in head and f'href="/{lang}/feed/json/"' in head, path
    with translation.override("en"):
        tag_page = client.get(tag.get_absolute_url()).content.decode()
    assert f'href="/en/tags/{tag.slug}/feed/json/"' in tag_page.split("</head>")[0]
