"""CORS for the API: GET (and its preflight) from the origins in DJANGO_API_CORS_ORIGINS only.

The API answers GET only (HEAD is a 405), so that is all a browser is told it may send.

A middleware placed before the page cache, so cached responses (the same for every origin) get
the header per request and ``Vary: Origin`` never stops the page cache from storing them.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
MAX_AGE = 60 * 60  # how long a browser may remember a preflight's answer


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        allowed = origin is not None and origin in settings.GUOZHEN_API_CORS_ORIGINS
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            if allowed and request.headers["Access-Control-Request-Method"] == "GET":
                response["Access-Control-Allow-Origin"] = origin
                response["Access-Control-Allow-Methods"] = "GET"
                response["Access-Control-Allow-Headers"] = "If-None-Match"
                response["Access-Control-Max-Age"] = str(MAX_AGE)
            patch_vary_headers(response, ("Origin",))
            return response
        response = self.get_response(request)
        if allowed and request.method == "GET":
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = "ETag"
        if settings.GUOZHEN_API_CORS_ORIGINS:
            patch_vary_headers(response, ("Origin",))
        return response
