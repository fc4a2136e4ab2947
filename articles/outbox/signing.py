"""Standard Webhooks signatures (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``).

Signed with the ``standardwebhooks`` library. For a day after a secret is rotated, deliveries carry
a signature with the old secret too (the specification allows several, space-separated), so a
receiver can switch secrets without refusing anything.
"""

import base64
import secrets
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from articles.models import WebhookEndpoint

ROTATION_GRACE = timedelta(days=1)


def new_secret() -> str:
    """A fresh signing secret in the usual ``whsec_`` form (24 random bytes, base64)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def signing_secrets(endpoint: WebhookEndpoint, *, now: datetime | None = None) -> list[str]:
    now = now or timezone.now()
    keys = [endpoint.secret]
    rotated = endpoint.secret_rotated_at
    if endpoint.previous_secret and rotated and now - rotated < ROTATION_GRACE:
        keys.append(endpoint.previous_secret)
    return keys


def headers(endpoint: WebhookEndpoint, *, msg_id: str, body: str, now: datetime | None = None) -> dict:
    """The headers of one attempt; the timestamp is the attempt's, as the specification wants."""
    now = (now or timezone.now()).astimezone(UTC)  # the library reads the time as UTC
    signatures = [
        Webhook(key).sign(msg_id=msg_id, timestamp=now, data=body)
        for key in signing_secrets(endpoint, now=now)
    ]
    return {
        "content-type": "application/json",
        "user-agent": "Guozhen-Webhooks/1",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
