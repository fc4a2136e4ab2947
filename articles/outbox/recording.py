"""What the services call, inside their transaction, to tell the outside world about a story.

Compare the story before and after the change (:func:`state_of`, then :func:`sync_story`): it
became visible to readers (``story.published``), stopped being visible (``story.unpublished``),
or its Chinese side became complete while published (``translation.completed``). A story
scheduled for later gets a task that runs at its publish time (:func:`fire_scheduled`), so the
event fires then with no request. ``story.updated`` is the explicit
:func:`record_substantive_update`: what counts as substantive is the editor's call.

Every event is a row written in the caller's transaction, with one delivery per endpoint that wants
it, and the task that drains them is queued in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from articles.models import Article, Delivery, EventType, OutboxEvent, WebhookEndpoint
from articles.outbox import indexnow, payloads, wakeups, websub

VISIBILITY = (EventType.STORY_PUBLISHED, EventType.STORY_UNPUBLISHED)
PINGED = (EventType.STORY_PUBLISHED, EventType.STORY_UPDATED, EventType.STORY_UNPUBLISHED)


@dataclass(frozen=True)
class StoryState:
    visible: bool = False
    complete: bool = False


def state_of(article_pk: int | None) -> StoryState:
    """The stored story as the outside world sees it (call before the change, and after)."""
    if article_pk is None:
        return StoryState()
    rows = Article.objects.filter(pk=article_pk)
    return StoryState(visible=rows.published().exists(), complete=rows.translation_complete().exists())


def last_visibility_event(article: Article) -> str | None:
    latest = OutboxEvent.objects.filter(story=article, type__in=VISIBILITY).order_by("-pk").first()
    return latest.type if latest else None


def record_event(*, article: Article, type: str) -> OutboxEvent:
    """Write one event with a delivery per interested endpoint; queue the drain and the pings."""
    from articles.outbox.tasks import drain_outbox

    event = OutboxEvent.objects.create(type=type, story=article, payload=payloads.story_data(article))
    window = timedelta(seconds=settings.GUOZHEN_WEBHOOK_RETRY_WINDOW)
    deliveries = [
        Delivery(
            event=event,
            endpoint=endpoint,
            story_key=article.pk,
            next_attempt_at=event.created_at,
            retry_until=event.created_at + window,
        )
        for endpoint in WebhookEndpoint.objects.filter(active=True)
        if endpoint.wants(type)
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        wakeups.ensure(drain_outbox)
    if type in PINGED:
        websub.queue(article)
        indexnow.queue(article)
    return event


def sync_story(*, article: Article, before: StoryState) -> list[OutboxEvent]:
    """Record what changed for the outside world since ``before``; schedule a future publish."""
    after = state_of(article.pk)
    events = []
    last = last_visibility_event(article)
    if after.visible and not before.visible and last != EventType.STORY_PUBLISHED:
        events.append(record_event(article=article, type=EventType.STORY_PUBLISHED))
    elif before.visible and not after.visible and last != EventType.STORY_UNPUBLISHED:
        events.append(record_event(article=article, type=EventType.STORY_UNPUBLISHED))
    if after.visible and after.complete and not before.complete:
        events.append(record_event(article=article, type=EventType.TRANSLATION_COMPLETED))
    if article.is_scheduled():
        schedule_publish(article)
    return events


def schedule_publish(article: Article) -> None:
    """Queue the story's ``story.published`` for its publish time (checked again when it runs)."""
    from articles.outbox.tasks import publish_when_due

    publish_when_due.using(run_after=article.published_at).enqueue(
        article.pk, article.published_at.isoformat()
    )


def fire_scheduled(*, article_id: int, published_at: str) -> OutboxEvent | None:
    """At a scheduled publish time: record ``story.published`` if the story is still due then."""
    expected = datetime.fromisoformat(published_at)
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=article_id).first()
        if article is None or article.status != Article.Status.PUBLISHED or article.published_at != expected:
            return None  # sent back, deleted or moved to another time (which queued its own task)
        if not article.is_published():
            schedule_publish(article)  # early (clocks differ): look again at the time
            return None
        if last_visibility_event(article) == EventType.STORY_PUBLISHED:
            return None
        return record_event(article=article, type=EventType.STORY_PUBLISHED)


def record_removal(*, article: Article) -> OutboxEvent | None:
    """Before a story readers can see is deleted: record ``story.unpublished`` (the event outlives it)."""
    if not article.is_published() or last_visibility_event(article) == EventType.STORY_UNPUBLISHED:
        return None
    return record_event(article=article, type=EventType.STORY_UNPUBLISHED)


def record_substantive_update(*, article: Article, correction: bool = False) -> OutboxEvent | None:
    """Record ``story.updated`` (or ``story.corrected`` for a correction note) for a published story."""
    if not article.is_published():
        return None
    return record_event(
        article=article, type=EventType.STORY_CORRECTED if correction else EventType.STORY_UPDATED
    )
