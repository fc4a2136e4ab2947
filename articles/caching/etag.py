"""ETags hashed from the rendered page, and the 304 answer to If-None-Match (one implementation).

The page cache (``pages.py``) stores pages with the ETag set here and answers revalidations with
``answer_conditional``; uncached responses go through the same two functions.
"""

from functools import wraps

from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe


def etag_from_content(view):
    """Give 200 responses an ETag hashed from the page itself and answer If-None-Match with 304.

    A hash of the rendered page changes whenever anything on it does (a related story, a tag name,
    a translation), which a timestamp from the story row alone would miss.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if callable(getattr(response, "render", None)):
            response.render()
        set_response_etag(response)
        return get_conditional_response(request, etag=response.headers["ETag"], response=response)

    return wrapped


def answer_conditional(request, response):
    """Answer If-None-Match / If-Modified-Since with a 304 (the reader view's ETag, or ours)."""
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
