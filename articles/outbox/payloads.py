"""The JSON a receiver gets: the event's id and type, and the story in both languages."""

import json

from django.conf import settings
from django.utils import translation

from articles.languages import CODES, SUFFIX_OF
from articles.models import Article, OutboxEvent


def _iso(moment) -> str | None:
    return moment.replace(microsecond=0).isoformat() if moment else None


def story_urls(article: Article) -> dict[str, str]:
    """The story's page in each language, as absolute URLs."""
    urls = {}
    for code in CODES:
        with translation.override(code):
            urls[code] = settings.GUOZHEN_SITE_URL + article.get_absolute_url()
    return urls


def story_data(article: Article) -> dict:
    """What every event says about its story (frozen when the event is recorded)."""
    return {
        "story": {
            "id": article.pk,
            "slug": article.slug,
            "url": story_urls(article),
            "headline": {code: getattr(article, f"title_{SUFFIX_OF[code]}") or "" for code in CODES},
            "published_at": _iso(article.published_at),
            "updated_at": _iso(article.updated_at),
        }
    }


def body(event: OutboxEvent) -> str:
    """The request body: the same bytes on every attempt, so the signature can be checked."""
    document = {
        "id": event.webhook_id,
        "type": event.type,
        "timestamp": _iso(event.created_at),
        "data": event.payload,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
