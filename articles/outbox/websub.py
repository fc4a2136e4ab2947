"""WebSub: feeds name the hub (``DJANGO_WEBSUB_HUB``), and the hub is told when they change.

On publish, update and unpublish, one ``hub.mode=publish`` request names every feed the story is
in (the latest-stories RSS and Atom feeds and its tags' feeds, in both languages) as repeated
``hub.url`` fields. The ping goes through the "webhooks" queue and is retried with backoff on
timeouts, connection errors, 5xx and 429.
"""

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from articles.languages import CODES
from articles.models import Article

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def enabled() -> bool:
    return bool(settings.GUOZHEN_WEBSUB_HUB)


def feed_urls(article: Article) -> list[str]:
    """The absolute URLs of every feed that lists the story, in each language."""
    tag_slugs = sorted(article.tags.values_list("slug", flat=True))
    urls = []
    for code in CODES:
        with translation.override(code):
            paths = [reverse("articles:feed-rss"), reverse("articles:feed-atom")]
            paths += [reverse("articles:tag-feed", kwargs={"slug": slug}) for slug in tag_slugs]
        urls += [settings.GUOZHEN_SITE_URL + path for path in paths]
    return urls


def queue(article: Article) -> None:
    """Queue a ping for the story's feeds (in the caller's transaction), if a hub is configured."""
    if not enabled():
        return
    from articles.outbox.tasks import ping_websub

    ping_websub.enqueue(feed_urls(article))


def ping(urls: list[str], attempt: int = 1) -> int | None:
    """Tell the hub the feeds changed; queue a retry when the hub is unreachable or busy."""
    from articles.outbox.delivery import backoff
    from articles.outbox.tasks import ping_websub

    data = [("hub.mode", "publish"), *(("hub.url", url) for url in urls)]
    status = None
    try:
        response = requests.post(
            settings.GUOZHEN_WEBSUB_HUB,
            data=data,
            timeout=settings.GUOZHEN_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
        status = response.status_code
    except requests.RequestException as exc:
        logger.warning("WebSub hub unreachable: %s", exc)
    if status is not None and status < 500 and status != 429:
        if status >= 300:
            logger.warning("WebSub hub refused the ping with %s", status)
        return status
    if attempt < MAX_ATTEMPTS:
        retry_at = timezone.now() + timedelta(seconds=backoff(attempt))
        ping_websub.using(run_after=retry_at).enqueue(urls, attempt + 1)
    return status
