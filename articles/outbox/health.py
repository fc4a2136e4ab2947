"""An endpoint's health: one that has failed without a success for 24 hours is switched off.

Editors see switched-off endpoints on the admin index and in the endpoint list
(``articles/templatetags/webhook_admin.py``) and are told by mail (``notifications/endpoints.py``);
switching one on again clears the record.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import WebhookEndpoint
from articles.notifications.endpoints import tell_editors_after_commit


def note_success(endpoint_id: int) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint_id, failing_since__isnull=False).update(failing_since=None)


def note_failure(endpoint_id: int, now: datetime | None = None) -> bool:
    """Record a failed attempt; return True if it switched the endpoint off."""
    now = now or timezone.now()
    WebhookEndpoint.objects.filter(pk=endpoint_id, failing_since__isnull=True).update(failing_since=now)
    limit = now - timedelta(seconds=settings.GUOZHEN_WEBHOOK_DISABLE_AFTER)
    switched_off = WebhookEndpoint.objects.filter(
        pk=endpoint_id, active=True, failing_since__lte=limit
    ).update(active=False, disabled_at=now)
    if switched_off:
        tell_editors_after_commit(endpoint_id)  # by mail; the admin index says so as well
    return bool(switched_off)


def switched_off():
    """The endpoints the outbox switched off, newest first (for the editors' notice)."""
    return WebhookEndpoint.objects.filter(active=False, disabled_at__isnull=False).order_by("-disabled_at")
