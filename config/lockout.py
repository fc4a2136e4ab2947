"""The page django-axes shows when a login is locked out (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """Render the translated lockout page with status 429, saying how long to wait."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
        "title": "",
    }
    response = render(request, "axes/lockout.html", context, status=429)
    response["Cache-Control"] = "private, no-store"
    return response
