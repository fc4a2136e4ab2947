"""A user's own settings: saving them, and making or revoking their private calendar feed URL."""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from articles.models import UserPreferences


def calendar_feed_url(token: str) -> str:
    return settings.GUOZHEN_SITE_URL + reverse("calendar-feed", kwargs={"token": token})


@transaction.atomic
def new_calendar_token(*, user) -> str:
    """Give ``user`` a new feed token (the old URL stops at once); return it, shown only once."""
    token = secrets.token_urlsafe(32)
    preferences = UserPreferences.for_user(user)
    preferences.calendar_token_hash = hashlib.sha256(token.encode()).hexdigest()
    preferences.save()
    return token


@transaction.atomic
def revoke_calendar_token(*, user) -> None:
    """Stop ``user``'s feed URL; no new one is made."""
    UserPreferences.objects.filter(user=user).update(calendar_token_hash="")
