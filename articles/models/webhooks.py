"""The outbox: webhook endpoints, the events recorded for the outside world, and their deliveries.

An ``OutboxEvent`` is written by the service that makes a change, in the same transaction, with one
``Delivery`` per endpoint that wants it. The rows are the source of truth: the "webhooks" queue only
drains them (``articles/outbox/``), so a rolled-back change sends nothing and a crashed worker
loses nothing. ``DeliveryAttempt`` is the log the admin shows.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models.constraint_messages import ConstraintMessagesMixin


class EventType(models.TextChoices):
    STORY_PUBLISHED = "story.published", _("Story published")
    STORY_UPDATED = "story.updated", _("Story updated (a substantive change)")
    STORY_UNPUBLISHED = "story.unpublished", _("Story unpublished")
    STORY_CORRECTED = "story.corrected", _("Story corrected (a correction note was added)")
    TRANSLATION_COMPLETED = "translation.completed", _("Chinese translation completed")


def require_https_in_production(value: str) -> None:
    """Endpoints must use https in production (DJANGO_WEBHOOK_REQUIRE_HTTPS)."""
    if settings.GUOZHEN_WEBHOOK_REQUIRE_HTTPS and not value.lower().startswith("https://"):
        raise ValidationError(_("Use an https:// address."), code="https_required")


class WebhookEndpoint(models.Model):
    url = models.URLField(
        pgettext_lazy("webhooks", "URL"),
        max_length=500,
        validators=[require_https_in_production],
        help_text=_("Where the events are posted, e.g. https://example.com/hooks."),
    )
    description = models.CharField(
        pgettext_lazy("webhooks", "description"),
        max_length=200,
        blank=True,
        help_text=_("Who receives these events, for editors."),
    )
    events = models.JSONField(
        pgettext_lazy("webhooks", "events"),
        default=list,
        blank=True,
        help_text=_("The events this endpoint receives."),
    )
    active = models.BooleanField(
        pgettext_lazy("webhooks", "active"),
        default=True,
        help_text=_("Inactive endpoints receive nothing until switched on again."),
    )
    # Stored in full because every delivery is signed with it; the admin shows it only once.
    secret = models.CharField(max_length=100, editable=False)
    # Kept for a day after a rotation, so receivers can switch without missing a delivery.
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    secret_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)
    disabled_at = models.DateTimeField(_("switched off automatically"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("webhooks", "created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_webhookendpoint_change", args=[self.pk])

    def clean(self):
        unknown = set(self.events or []) - set(EventType.values)
        if unknown or not self.events:
            raise ValidationError(
                {"events": _("Choose one or more of: %(events)s.") % {"events": ", ".join(EventType.values)}}
            )

    def wants(self, event_type: str) -> bool:
        """Return True if the endpoint is active and subscribed to ``event_type``."""
        return self.active and event_type in (self.events or [])


class OutboxEvent(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(pgettext_lazy("webhooks", "event"), max_length=40, choices=EventType.choices)
    story = models.ForeignKey(
        "articles.Article",
        verbose_name=pgettext_lazy("webhooks", "story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_events",
    )
    payload = models.JSONField(pgettext_lazy("webhooks", "payload"), default=dict)
    created_at = models.DateTimeField(
        pgettext_lazy("webhooks", "created"), default=timezone.now, db_index=True
    )

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        # The primary key is the order events happened in: deliveries follow it per story.
        ordering = ["pk"]
        get_latest_by = "pk"
        indexes = [models.Index(fields=["story", "type", "-id"], name="articles_outbox_story_type")]

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"

    @property
    def webhook_id(self) -> str:
        """The ``webhook-id`` header: the same for every attempt, so receivers can drop repeats."""
        return f"msg_{self.uid.hex}"


class Delivery(ConstraintMessagesMixin, models.Model):
    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery", "Pending")
        DELIVERED = "delivered", pgettext_lazy("delivery", "Delivered")
        FAILED = "failed", pgettext_lazy("delivery", "Failed")

    event = models.ForeignKey(
        OutboxEvent,
        verbose_name=pgettext_lazy("webhooks", "event"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=pgettext_lazy("webhooks", "endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The event's story, copied so "is an earlier event of this story still pending?" needs no join
    # (and keeps working after the story is deleted).
    story_key = models.BigIntegerField(null=True, blank=True, editable=False)
    state = models.CharField(
        pgettext_lazy("webhooks", "state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(pgettext_lazy("webhooks", "attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    retry_until = models.DateTimeField(_("retried until"))
    # A worker's claim: while it lasts no other worker takes the row. A worker killed mid-request
    # simply lets it run out, and the next one sends again (same webhook-id).
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    last_status = models.PositiveSmallIntegerField(_("last status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(pgettext_lazy("webhooks", "delivered"), null=True, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("webhooks", "created"), default=timezone.now, db_index=True
    )

    constraint_messages = {
        "articles_delivery_once_per_endpoint": (
            "endpoint",
            _("This event is already queued for this endpoint."),
        ),
        "articles_delivery_delivered_has_time": (
            "delivered_at",
            _("A delivered event needs its delivery time."),
        ),
    }

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="articles_delivery_once_per_endpoint"),
            models.CheckConstraint(
                condition=~Q(state="delivered") | Q(delivered_at__isnull=False),
                name="articles_delivery_delivered_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="articles_delivery_due"),
            models.Index(fields=["endpoint", "story_key", "state", "event"], name="articles_delivery_story"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_delivery_change", args=[self.pk])


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(
        Delivery,
        verbose_name=pgettext_lazy("webhooks", "delivery"),
        on_delete=models.CASCADE,
        related_name="attempt_log",
    )
    at = models.DateTimeField(pgettext_lazy("webhooks", "time"), default=timezone.now, db_index=True)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.CharField(pgettext_lazy("webhooks", "error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-at", "-pk"]
        get_latest_by = "at"

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.at:%Y-%m-%d %H:%M:%S}: {self.status_code or self.error}"

    def get_absolute_url(self) -> str:
        return self.delivery.get_absolute_url()


class PendingPing(models.Model):
    """A page URL waiting to be sent to IndexNow in the next batch."""

    url = models.CharField(max_length=500, unique=True)
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        get_latest_by = "queued_at"

    def __str__(self) -> str:
        return self.url


class PingThrottle(models.Model):
    """When a rate-limited service (IndexNow) may next be called, shared by every worker."""

    name = models.CharField(max_length=40, unique=True)
    next_allowed_at = models.DateTimeField(default=timezone.now)
    backoff = models.FloatField(default=0)
    wake_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        get_latest_by = "next_allowed_at"

    def __str__(self) -> str:
        return self.name
