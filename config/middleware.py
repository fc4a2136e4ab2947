"""Project-wide request guards that belong to no app (``config.stack`` runs them)."""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def request_too_large(request):
    """Refuse a request whose declared body is larger than ``GUOZHEN_MAX_REQUEST_BYTES`` with a 413.

    Django limits form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files, which it
    streams to disk however large they are; this stops an oversized upload before any of it is read.
    A body sent without a Content-Length (chunked) is never read by Django, so it needs no check.
    Returns None for a request within the limit.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.GUOZHEN_MAX_REQUEST_BYTES
    if length <= limit:
        return None
    return render(
        request,
        "request_too_large.html",
        {
            "message": _(
                "This upload is too large: one save may send at most %(size)s. Add large "
                "images one or two at a time, saving in between."
            )
            % {"size": filesizeformat(limit)},
        },
        status=413,
    )
