"""Draining the outbox: claim a due delivery, post it signed, log the attempt, then retry or stop.

- **Once per endpoint, with any number of workers.** A worker claims one row at a time in a short
  transaction (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's IMMEDIATE
  transactions serialize writers) and stamps it with a claim that outlasts the request timeout.
  No transaction is held open during the HTTP request.
- **In order per story.** Only the oldest pending delivery of a story (per endpoint) can be
  claimed; the next one waits until it is delivered or given up.
- **Spread over the workers.** A drain that claims a delivery while others are due makes sure a
  second drain is ready, so idle workers join in (at most one waits at a time).
- **Nothing lost.** The claim's transaction also queues a drain task for when the claim runs out,
  so a worker killed mid-request is followed by another that sends again (same ``webhook-id``).
- **Retries.** Timeouts, connection errors, 5xx and 429 are retried with exponential backoff
  (``Retry-After`` is honoured) until the delivery's retry window (24 h) ends; any other answer
  stops at once.
"""

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Min, OuterRef, Q
from django.utils import timezone

from articles.models import Delivery, DeliveryAttempt, OutboxEvent
from articles.outbox import payloads, signing, wakeups

# A run stops claiming after this many seconds and leaves the rest to a fresh task, so one task
# never holds a worker for long and the work spreads over the workers there are.
RUN_BUDGET = 30.0
TIMEOUT_ERROR = "timeout"
CONNECTION_ERROR = "connection"


@dataclass
class Outcome:
    started: datetime
    status: int | None
    duration_ms: int
    error: str = ""
    retry_after: float | None = None

    @property
    def succeeded(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500


def claim_seconds() -> float:
    """How long a claim lasts: the request timeout plus a margin for the bookkeeping around it."""
    return settings.GUOZHEN_WEBHOOK_TIMEOUT + settings.GUOZHEN_WEBHOOK_CLAIM_MARGIN


def story_heads():
    """Pending deliveries to active endpoints with no earlier pending event of the same story."""
    earlier = Delivery.objects.filter(
        endpoint=OuterRef("endpoint"),
        story_key=OuterRef("story_key"),
        state=Delivery.State.PENDING,
        event_id__lt=OuterRef("event_id"),
    )
    return Delivery.objects.filter(state=Delivery.State.PENDING, endpoint__active=True).exclude(
        Exists(earlier)
    )


def _unclaimed(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


@transaction.atomic
def claim(now: datetime | None = None) -> tuple[Delivery, str] | None:
    """Take the next due delivery for this worker; return it with the claim's token, or None."""
    from articles.outbox.tasks import drain_outbox

    now = now or timezone.now()
    due = story_heads().filter(_unclaimed(now), next_attempt_at__lte=now).order_by("event_id", "pk")
    row = due.select_for_update(skip_locked=True, of=("self",)).only("pk").first()
    if row is None:
        return None
    token = secrets.token_hex(16)
    until = now + timedelta(seconds=claim_seconds())
    Delivery.objects.filter(pk=row.pk).update(claimed_until=until, claim_token=token)
    # Committed with the claim: if this worker dies, a drain runs when the claim has run out.
    wakeups.ensure(drain_outbox, until + timedelta(seconds=1))
    if due.exclude(pk=row.pk).exists():
        wakeups.ensure(drain_outbox)  # more is due (other stories): let an idle worker help now
    return Delivery.objects.select_related("event", "endpoint").get(pk=row.pk), token


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def send(delivery: Delivery) -> Outcome:
    """Post the event to the endpoint once; never raises for network trouble."""
    endpoint = delivery.endpoint
    body = payloads.body(delivery.event)
    started = timezone.now()
    headers = signing.headers(endpoint, msg_id=delivery.event.webhook_id, body=body, now=started)
    clock = time.monotonic()
    status, error, retry_after = None, "", None
    try:
        response = requests.post(
            endpoint.url,
            data=body.encode(),
            headers=headers,
            timeout=settings.GUOZHEN_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
        status = response.status_code
        retry_after = _retry_after(response.headers.get("Retry-After"))
        response.close()
    except requests.Timeout as exc:
        error = f"{TIMEOUT_ERROR}: {exc}"
    except requests.RequestException as exc:
        error = f"{CONNECTION_ERROR}: {exc}"
    duration = int((time.monotonic() - clock) * 1000)
    return Outcome(
        started=started, status=status, duration_ms=duration, error=error[:300], retry_after=retry_after
    )


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds before retry number ``attempt`` (1, 2, ...): base, 2 x base, 4 x base, ..., capped."""
    delay = settings.GUOZHEN_WEBHOOK_RETRY_BASE * 2 ** (attempt - 1)
    delay = min(delay, settings.GUOZHEN_WEBHOOK_RETRY_MAX_DELAY)
    return max(delay, retry_after or 0)


@transaction.atomic
def finish(delivery: Delivery, outcome: Outcome, token: str) -> Delivery.State:
    """Log the attempt and move the delivery on: delivered, retried later, or given up."""
    from articles.outbox import health

    now = timezone.now()
    DeliveryAttempt.objects.create(
        delivery=delivery,
        at=outcome.started,
        status_code=outcome.status,
        duration_ms=outcome.duration_ms,
        error=outcome.error,
    )
    changes = {
        "attempts": F("attempts") + 1,
        "last_status": outcome.status,
        "last_error": outcome.error,
        "claimed_until": None,
        "claim_token": "",
    }
    if outcome.succeeded:
        state = Delivery.State.DELIVERED
        changes["delivered_at"] = now
        health.note_success(delivery.endpoint_id)
    else:
        retry_at = now + timedelta(seconds=backoff(delivery.attempts + 1, outcome.retry_after))
        state = Delivery.State.PENDING
        if not outcome.retryable or retry_at > delivery.retry_until:
            state = Delivery.State.FAILED
        changes["next_attempt_at"] = retry_at
        health.note_failure(delivery.endpoint_id, now)
    # Only the holder of the claim moves the row (a claim that ran out may have passed to another).
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(state=state, **changes)
    return state


def next_wake(now: datetime) -> datetime | None:
    """When a pending delivery can next be claimed (its retry time, or when its claim runs out)."""
    heads = story_heads()
    due = heads.filter(_unclaimed(now)).aggregate(at=Min("next_attempt_at"))["at"]
    held = heads.filter(claimed_until__gte=now).aggregate(at=Min("claimed_until"))["at"]
    times = [t for t in (due, held and held + timedelta(seconds=1)) if t is not None]
    return max(min(times), now) if times else None


def schedule_next() -> None:
    from articles.outbox.tasks import drain_outbox

    with transaction.atomic():
        wake = next_wake(timezone.now())
        if wake is not None:
            wakeups.ensure(drain_outbox, wake)


def drain(*, budget: float = RUN_BUDGET) -> int:
    """Deliver what is due, one claim at a time, for up to ``budget`` seconds; return how many."""
    started = time.monotonic()
    sent = 0
    while time.monotonic() - started < budget:
        claimed = claim()
        if claimed is None:
            break
        delivery, token = claimed
        finish(delivery, send(delivery), token)
        sent += 1
    schedule_next()
    if sent:
        prune()
    return sent


def prune(now: datetime | None = None) -> int:
    """Remove the log, finished deliveries and their events older than the log's lifetime (30 days)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.GUOZHEN_WEBHOOK_LOG_DAYS)
    removed, _ = DeliveryAttempt.objects.filter(at__lt=cutoff).delete()
    removed += (
        Delivery.objects.filter(created_at__lt=cutoff).exclude(state=Delivery.State.PENDING).delete()[0]
    )
    removed += OutboxEvent.objects.filter(created_at__lt=cutoff, deliveries__isnull=True).delete()[0]
    return removed


def reset(delivery: Delivery) -> None:
    """Queue a delivery to be sent again now, with a fresh retry window ("send again")."""
    from articles.outbox.tasks import drain_outbox

    now = timezone.now()
    window = timedelta(seconds=settings.GUOZHEN_WEBHOOK_RETRY_WINDOW)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.PENDING, next_attempt_at=now, retry_until=now + window, delivered_at=None
    )
    wakeups.ensure(drain_outbox)
