"""Project-wide request guards that belong to no app."""

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than ``GUOZHEN_MAX_REQUEST_BYTES`` with a 413.

    Django limits form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files, which it
    streams to disk however large they are; this stops an oversized upload before any of it is read.
    A body sent without a Content-Length (chunked) is never read by Django, so it needs no check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.GUOZHEN_MAX_REQUEST_BYTES
        if length > limit:
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
        return self.get_response(request)
