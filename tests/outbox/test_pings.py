"""WebSub and IndexNow pings reach a local receiver with the right bodies, batched as specified."""

import feedparser
import pytest
from django.core.cache import cache

from articles import services
from articles.models import PendingPing
from articles.outbox import indexnow
from tests.factories import make_article, make_tag
from tests.outbox.receiver import Receiver
from tests.outbox.worker import run_tasks

pytestmark = pytest.mark.django_db
SITE = "https://news.example.org"


def test_feeds_name_the_hub_and_themselves_only_when_a_hub_is_set(client, settings):
    make_article()
    plain = client.get("/en/feed/rss/").content.decode()
    assert 'rel="hub"' not in plain

    settings.GUOZHEN_WEBSUB_HUB = "https://hub.example.net/"
    cache.clear()  # the page cache holds the feed rendered without a hub (settings change on restart)
    for path, kind in (("/en/feed/rss/", "rss"), ("/zh-hans/feed/atom/", "atom")):
        feed = feedparser.parse(client.get(path).content)
        links = {link["rel"]: link["href"] for link in feed.feed.links}
        assert links["hub"] == "https://hub.example.net/", kind
        assert links["self"] == SITE + path, kind


def test_the_hub_is_pinged_with_every_feed_of_the_story_on_publish_and_unpublish(settings):
    with Receiver() as hub:
        settings.GUOZHEN_WEBSUB_HUB = hub.url
        tag = make_tag(slug="robotics")
        article = make_article(status="draft", hours_ago=None, tags=[tag])
        services.publish_article(article=article)
        services.unpublish_article(article=article)
        services.archive_article(article=make_article(status="draft", hours_ago=None))  # never public
        run_tasks(until=lambda: len(hub.requests) >= 2)
    assert len(hub.requests) == 2
    expected = [
        f"{SITE}/{lang}/{path}"
        for lang in ("en", "zh-hans")
        for path in ("feed/rss/", "feed/atom/", "tags/robotics/feed/")
    ]
    for request in hub.requests:
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        form = request.form()
        assert form[0] == ("hub.mode", "publish")
        assert [value for key, value in form[1:] if key == "hub.url"] == expected


def test_an_unreachable_hub_is_pinged_again_later(settings):
    hub = Receiver(script=[503])
    settings.GUOZHEN_WEBSUB_HUB = hub.url
    with hub:
        services.publish_article(article=make_article(status="draft", hours_ago=None))
        run_tasks(until=lambda: len(hub.accepted()) == 1)
    assert [r.status for r in hub.requests] == [503, 200]


def test_indexnow_serves_its_key_only_when_on(client, settings):
    key = indexnow.key()
    assert client.get(f"/{key}.txt").status_code == 404
    settings.GUOZHEN_INDEXNOW_ENDPOINT = "http://127.0.0.1:9/indexnow"
    response = client.get(f"/{key}.txt")
    assert response.status_code == 200 and response.content.decode() == key
    assert response["content-type"].startswith("text/plain")
    assert client.get("/0123456789abcdef.txt").status_code == 404


def test_indexnow_batches_both_languages_at_most_once_per_interval(settings):
    settings.GUOZHEN_INDEXNOW_INTERVAL = 1.0
    with Receiver() as engine:
        settings.GUOZHEN_INDEXNOW_ENDPOINT = engine.url
        stories = [make_article(status="draft", hours_ago=None) for _ in range(3)]
        for article in stories:
            services.publish_article(article=article)
        run_tasks(until=lambda: len(engine.requests) == 1)
        later = make_article(status="draft", hours_ago=None)
        services.publish_article(article=later)
        services.unpublish_article(article=stories[0])
        run_tasks(until=lambda: len(engine.requests) == 2 and not PendingPing.objects.exists())
    first, second = engine.requests
    assert second.at - first.at >= 0.95  # not more often than the interval
    body = first.json()
    assert body["host"] == "news.example.org" and body["key"] == indexnow.key()
    assert body["keyLocation"] == f"{SITE}/{indexnow.key()}.txt"
    assert sorted(body["urlList"]) == sorted(
        f"{SITE}/{lang}/stories/{a.slug}/" for a in stories for lang in ("en", "zh-hans")
    )
    assert sorted(second.json()["urlList"]) == sorted(
        f"{SITE}/{lang}/stories/{a.slug}/" for a in (later, stories[0]) for lang in ("en", "zh-hans")
    )


def test_indexnow_backs_off_after_429_and_sends_the_urls_again(settings):
    settings.GUOZHEN_INDEXNOW_INTERVAL = 0.3
    with Receiver(script=[429]) as engine:
        settings.GUOZHEN_INDEXNOW_ENDPOINT = engine.url
        article = make_article(status="draft", hours_ago=None)
        services.publish_article(article=article)
        run_tasks(until=lambda: len(engine.accepted()) == 1)
    refused, accepted = engine.requests
    assert refused.status == 429 and accepted.status == 200
    assert accepted.at - refused.at >= 0.55  # twice the interval after a 429
    assert refused.json()["urlList"] == accepted.json()["urlList"]
    assert len(accepted.json()["urlList"]) == 2


def test_nothing_is_pinged_when_websub_and_indexnow_are_off():
    from django_tasks_db.models import DBTaskResult

    services.publish_article(article=make_article(status="draft", hours_ago=None))
    assert not DBTaskResult.objects.exists()  # no endpoint, no hub, no IndexNow: no task at all
    assert not PendingPing.objects.exists()
