"""Opaque, stable cursors for the story list: the (publish time, id) of the last story sent.

A cursor names a place in the newest-first order, not an offset, so a story published while a
client pages through never makes it see a story twice or skip one. Any string that is not a cursor
made here is refused with ``BadCursor`` (the API answers 400).
"""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Q

MAX_ID = 2**63 - 1  # larger ids would overflow the databases' integers


class BadCursor(ValueError):
    pass


def encode(article) -> str:
    """Return the cursor that continues after ``article``."""
    return encode_at(article.published_at, article.pk)


def encode_at(published_at: datetime, pk: int) -> str:
    """Return the cursor that continues after the story published at ``published_at`` with id ``pk``."""
    raw = json.dumps([published_at.isoformat(), pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode("ascii").rstrip("=")


def decode(token: str) -> tuple[datetime, int]:
    """Return (publish time, id) from a cursor; raise BadCursor for anything else."""
    try:
        raw = base64.urlsafe_b64decode((token + "=" * (-len(token) % 4)).encode("ascii"))
        when, pk = json.loads(raw)
        when = datetime.fromisoformat(when)
    except (ValueError, TypeError, UnicodeError, binascii.Error) as error:
        raise BadCursor(str(error)) from None
    if type(pk) is not int or not 0 < pk <= MAX_ID or when.tzinfo is None:
        raise BadCursor("not a cursor")
    return when, pk


def after(token: str) -> Q:
    """Return the filter for the stories that come after the cursor, newest first."""
    when, pk = decode(token)
    return Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk)
