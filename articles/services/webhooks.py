"""Writes on webhook endpoints and deliveries, for the admin and ``manage.py webhooks``.

Also the explicit ``story.updated`` hook: the flag that says an edit is substantive belongs to the
editing workflow, which calls :func:`record_update_event` in its own transaction
(``services.record_substantive_update`` does, when a story's update time moves).
"""

from django.db import transaction
from django.utils import timezone

from articles.models import Article, Delivery, OutboxEvent, WebhookEndpoint
from articles.outbox import delivery as outbox_delivery
from articles.outbox import recording, signing


@transaction.atomic
def create_endpoint(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Validate and save a new endpoint with a fresh secret (shown to its creator once)."""
    endpoint.secret = signing.new_secret()
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def rotate_secret(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Give the endpoint a new secret; the old one still signs for a day (see ``outbox.signing``)."""
    endpoint.previous_secret = endpoint.secret
    endpoint.secret = signing.new_secret()
    endpoint.secret_rotated_at = timezone.now()
    endpoint.save(update_fields=["previous_secret", "secret", "secret_rotated_at"])
    return endpoint


def save_endpoint(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """Save an edited endpoint; switching it on again forgets its failures."""
    if endpoint.active:
        endpoint.disabled_at = None
        endpoint.failing_since = None
    endpoint.save()
    return endpoint


@transaction.atomic
def remove_endpoint(*, endpoint: WebhookEndpoint) -> None:
    """Delete the endpoint with its deliveries and their log."""
    endpoint.delete()


@transaction.atomic
def send_again(*, delivery: Delivery) -> Delivery:
    """Queue the delivery to be sent now, with the same webhook-id and a fresh retry window."""
    outbox_delivery.reset(delivery)
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def resume_outbox() -> int:
    """Queue the publish task of every scheduled story and a drain for what is pending.

    For stories scheduled before the outbox existed, or a queue restored from a backup; running it
    twice does no harm (each task checks again when it runs). Returns the scheduled stories.
    """
    scheduled = list(Article.objects.scheduled())
    for article in scheduled:
        recording.schedule_publish(article)
    outbox_delivery.schedule_next()
    return len(scheduled)


@transaction.atomic
def record_update_event(*, article: Article, correction: bool = False) -> OutboxEvent | None:
    """Tell the outside world a published story changed in substance (``story.updated``), or was
    corrected (``story.corrected``, when the change is a correction note)."""
    return recording.record_substantive_update(article=article, correction=correction)


@transaction.atomic
def record_story_removal(*, article: Article) -> OutboxEvent | None:
    """Call just before deleting a story, in the same transaction: readers saw it, now it is gone."""
    return recording.record_removal(article=article)


def story_state(article_pk: int | None) -> recording.StoryState:
    """The story as the outside world sees it, before a change (handed to :func:`record_story_changes`)."""
    return recording.state_of(article_pk)


def record_story_changes(*, article: Article, before: recording.StoryState) -> list[OutboxEvent]:
    """Record the events of a change saved outside the publishing services (the story form)."""
    return recording.sync_story(article=article, before=before)
