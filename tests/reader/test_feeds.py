"""RSS and Atom feeds, read the way feed readers read them: with feedparser."""

import feedparser
import pytest
from django.utils import translation

from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(
    ("language", "feed_language", "kind", "version"),
    [
        ("en", "en", "rss", "rss20"),
        ("zh-hans", "zh-Hans", "rss", "rss20"),
        ("en", "en", "atom", "atom10"),
        ("zh-hans", "zh-Hans", "atom", "atom10"),
    ],
)
def test_latest_feeds_parse_and_carry_the_language(client, language, feed_language, kind, version):
    tag = make_tag(name_en="Inference", name_zh_hans="推理")
    newest = make_article(hours_ago=1, tags=[tag], title_en="Feed newest piece", title_zh_hans="订阅最新一篇")
    older = make_article(hours_ago=3, title_en="Feed older piece", title_zh_hans="订阅较早一篇")
    make_article(status="draft", hours_ago=None, title_en="Feed draft piece")
    make_article(hours_ago=-4, title_en="Feed future piece")

    _, feed = parse(client, f"/{language}/feed/{kind}/")
    assert feed.version == version
    assert feed.feed.language == feed_language
    titles = [entry.title for entry in feed.entries]
    if language == "en":
        assert titles == [newest.title_en, older.title_en]
    else:
        assert titles == ["订阅最新一篇", "订阅较早一篇"]
    first = feed.entries[0]
    assert first.link == f"http://testserver/{language}/stories/{newest.slug}/"
    assert first.published_parsed is not None
    assert {t.term for t in first.tags} >= {"Inference" if language == "en" else "推理"}


def test_feed_holds_the_newest_thirty(client):
    stories = [make_article(hours_ago=n + 1) for n in range(32)]
    _, feed = parse(client, "/en/feed/rss/")
    assert len(feed.entries) == 30
    assert feed.entries[0].title == stories[0].title_en
    assert stories[30].title_en not in {entry.title for entry in feed.entries}


def test_tag_feed_has_only_that_tags_public_stories(client):
    tag = make_tag(name_en="Lidar", name_zh_hans="激光雷达", slug="lidar")
    tagged = make_article(tags=[tag], title_en="Lidar tagged report")
    make_article(title_en="Completely untagged report")
    make_article(tags=[tag], status="draft", hours_ago=None, title_en="Lidar draft report")
    for language, feed_language, title in (("en", "en", "Lidar"), ("zh-hans", "zh-Hans", "激光雷达")):
        _, feed = parse(client, f"/{language}/tags/lidar/feed/")
        assert feed.feed.language == feed_language and title in feed.feed.title
        assert [entry.link for entry in feed.entries] == [
            f"http://testserver/{language}/stories/{tagged.slug}/"
        ]


def test_feeds_answer_conditional_get(client):
    make_article(title_en="Conditional feed item")
    etags = {}
    for path in ("/en/feed/rss/", "/zh-hans/feed/atom/"):
        first = client.get(path)
        etags[path] = first["ETag"]
        assert client.get(path, headers={"if-none-match": etags[path]}).status_code == 304
    make_article(title_en="A newer feed item arrives")
    for path, etag in etags.items():
        changed = client.get(path, headers={"if-none-match": etag})
        assert changed.status_code == 200 and changed["ETag"] != etag


def test_feed_is_advertised_on_every_page(client):
    html = client.get("/zh-hans/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="最新报道（RSS）" href="/zh-hans/feed/rss/">'
        in html
    )
    assert 'type="application/atom+xml"' in html and 'href="/zh-hans/feed/atom/"' in html


def test_feed_descriptions_are_escaped_html(client):
    make_article(title_en="Feed markup probe", dek_en='Chips <script>alert("x")</script> & more')
    for path in ("/en/feed/rss/", "/en/feed/atom/"):
        _, feed = parse(client, path)
        entry = next(e for e in feed.entries if e.title == "Feed markup probe")
        # Readers render the description as HTML: the dek must arrive as text, not as a script.
        assert "<script>" not in entry.summary
        assert "&lt;script&gt;" in entry.summary
