"""CORS for the API: GET (and its preflight) from the origins in DJANGO_API_CORS_ORIGINS only.

The API answers GET only (HEAD is a 405), so that is all a browser is told it may send.

Called by ``config.stack.SiteMiddleware`` for paths under /api/, outside the page cache, so cached
responses (the same for every origin) get the header per request and ``Vary: Origin`` never stops
the page cache from storing them.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
MAX_AGE = 60 * 60  # how long a browser may remember a preflight's answer


def preflight(request):
    """Answer a CORS preflight of the API (an OPTIONS with Access-Control-Request-Method), else None."""
    if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
        return None
    origin = request.headers.get("Origin")
    response = HttpResponse(status=204)
    if (
        origin in settings.GUOZHEN_API_CORS_ORIGINS
        and request.headers["Access-Control-Request-Method"] == "GET"
    ):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "GET"
        response["Access-Control-Allow-Headers"] = "If-None-Match"
        response["Access-Control-Max-Age"] = str(MAX_AGE)
    patch_vary_headers(response, ("Origin",))
    return response


def add_headers(request, response) -> None:
    """Let an allowed origin read an API GET's answer (and its ETag); Vary on Origin when any is."""
    origin = request.headers.get("Origin")
    if origin is not None and origin in settings.GUOZHEN_API_CORS_ORIGINS and request.method == "GET":
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = "ETag"
    if settings.GUOZHEN_API_CORS_ORIGINS:
        patch_vary_headers(response, ("Origin",))
