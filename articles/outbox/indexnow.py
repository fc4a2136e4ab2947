"""IndexNow (``DJANGO_INDEXNOW_ENDPOINT``, off by default): tell search engines which pages changed.

Both language versions of a story are added to a list of pending URLs in the change's
transaction. A task sends the list as one JSON request, at most once per
``DJANGO_INDEXNOW_INTERVAL`` seconds (10) across all workers: the next allowed time is a row every
worker locks. A 429 (or 5xx, or no answer) puts the URLs back and doubles the wait, honouring
``Retry-After``. The key is served at ``/<key>.txt`` (``config/views.py``).
"""

import hashlib
import logging
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, PendingPing, PingThrottle
from articles.outbox import payloads, wakeups

logger = logging.getLogger(__name__)
THROTTLE = "indexnow"
MAX_URLS = 10_000  # the protocol's limit per request
MAX_BACKOFF = 3600.0


def enabled() -> bool:
    return bool(settings.GUOZHEN_INDEXNOW_ENDPOINT)


def key() -> str:
    """The site's IndexNow key: DJANGO_INDEXNOW_KEY, or one derived from the secret key."""
    configured = settings.GUOZHEN_INDEXNOW_KEY
    return configured or hashlib.sha256(f"indexnow:{settings.SECRET_KEY}".encode()).hexdigest()[:32]


def queue(article: Article) -> None:
    """Add the story's pages (both languages) to the next batch, in the caller's transaction."""
    if not enabled():
        return
    from articles.outbox.tasks import submit_indexnow

    urls = payloads.story_urls(article).values()
    PendingPing.objects.bulk_create([PendingPing(url=url) for url in urls], ignore_conflicts=True)
    throttle = PingThrottle.objects.filter(name=THROTTLE).first()
    wakeups.ensure(
        submit_indexnow, max(timezone.now(), throttle.next_allowed_at if throttle else timezone.now())
    )


def _take_batch() -> list[str] | None:
    """Under the throttle's lock: the URLs to send now, or None when it is too early or nothing waits."""
    from articles.outbox.tasks import submit_indexnow

    with transaction.atomic():
        throttle, _ = PingThrottle.objects.select_for_update().get_or_create(name=THROTTLE)
        now = timezone.now()
        if not PendingPing.objects.exists():
            return None
        if now < throttle.next_allowed_at:
            wakeups.ensure(submit_indexnow, throttle.next_allowed_at)
            return None
        rows = list(PendingPing.objects.order_by("pk")[:MAX_URLS])
        PendingPing.objects.filter(pk__in=[row.pk for row in rows]).delete()
        throttle.next_allowed_at = now + timedelta(seconds=settings.GUOZHEN_INDEXNOW_INTERVAL)
        throttle.save(update_fields=["next_allowed_at"])
        return [row.url for row in rows]


def _settle(urls: list[str], status: int | None, retry_after: float | None) -> None:
    from articles.outbox.tasks import submit_indexnow

    with transaction.atomic():
        throttle = PingThrottle.objects.select_for_update().get(name=THROTTLE)
        if status is None or status == 429 or status >= 500:
            PendingPing.objects.bulk_create([PendingPing(url=url) for url in urls], ignore_conflicts=True)
            interval = settings.GUOZHEN_INDEXNOW_INTERVAL
            throttle.backoff = min(max(throttle.backoff * 2, interval * 2, retry_after or 0), MAX_BACKOFF)
            throttle.next_allowed_at = timezone.now() + timedelta(seconds=throttle.backoff)
        else:
            if status >= 300:
                logger.warning("IndexNow refused %d URLs with %s", len(urls), status)
            throttle.backoff = 0
        throttle.save(update_fields=["backoff", "next_allowed_at"])
        if PendingPing.objects.exists():
            wakeups.ensure(submit_indexnow, throttle.next_allowed_at)


def submit() -> int | None:
    """Send the waiting URLs as one batch if the interval allows; return the answer's status."""
    urls = _take_batch()
    if not urls:
        return None
    site = urlsplit(settings.GUOZHEN_SITE_URL)
    document = {
        "host": site.hostname,
        "key": key(),
        "keyLocation": f"{settings.GUOZHEN_SITE_URL}/{key()}.txt",
        "urlList": urls,
    }
    status, retry_after = None, None
    try:
        response = requests.post(
            settings.GUOZHEN_INDEXNOW_ENDPOINT,
            json=document,
            timeout=settings.GUOZHEN_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
        status = response.status_code
        header = response.headers.get("Retry-After", "")
        retry_after = float(header) if header.replace(".", "", 1).isdigit() else None
    except requests.RequestException as exc:
        logger.warning("IndexNow unreachable: %s", exc)
    _settle(urls, status, retry_after)
    return status
