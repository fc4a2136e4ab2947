"""The page cache: anonymous reader pages, per language, in the shared cache, never stale.

Every page key contains a *generation* number kept in the shared cache (Redis in production). Any
save or delete of something a reader page shows bumps it (``articles/caching/invalidation.py``), so
every page cached before the save becomes unreachable at once, on every app server. Each entry's
lifetime is also capped at the next scheduled publish time, so a scheduled story appears on time
without anyone saving anything.

Only GET and HEAD requests without a session cookie, for the views named in
``GUOZHEN_PAGE_CACHE_VIEWS``, are cached. Before such a page is looked up or rendered, its request is
made canonical (``canonicalize``): query parameters the page does not read (``?x=1``, ``utm_source``)
are dropped, ``?page=`` is written one way, and the host loses a port it was not served on, so a loop
of junk query strings or Host ports is answered from one entry instead of filling Redis.
Logged-in staff, previews (the view marks them private), the admin, search and every POST always
reach the view.
"""

import hashlib
import hmac
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.http.request import QueryDict, split_domain_port
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from redis.exceptions import RedisError

from articles.caching.etag import answer_conditional

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NO_SCHEDULED_STORY = "none"
# Errors of an unreachable cache: the site then serves pages uncached rather than failing.
CACHE_ERRORS = (RedisError, OSError)
# Conditional headers are answered here, so the view always renders a full, storable page.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
# A stored page may vary only on what its key (path and language) or the staff check already cover.
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}


def bump_generation() -> None:
    """Make every cached page stale on every app server (one atomic INCR in Redis)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Missing (first save ever, or evicted): any number never used before will do.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Starting from the clock, not 0, so a lost key can never bring back old pages' keys.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def next_publish_time() -> float | None:
    """Return the epoch time of the next scheduled story, or None (one indexed query)."""
    from articles.models import Article

    first = (
        Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
    )
    return first.timestamp() if first else None


def seconds_left(next_publish: float | None) -> int:
    """Return how long a page rendered now may be kept: the cache timeout, cut at the next publish.

    Rounded down, so an entry always expires before the scheduled story is due, never after.
    """
    timeout = settings.GUOZHEN_PAGE_CACHE_TIMEOUT
    if next_publish is None:
        return timeout
    return min(timeout, math.floor(next_publish - time.time()))


def max_age_offset() -> int:
    """This deployment's second of the minute (0-59) on which shortened max-ages end.

    Derived from the secret key, so every app server agrees and outsiders cannot guess it.
    """
    digest = hmac.new(settings.SECRET_KEY.encode(), b"guozhen.page-max-age-offset", hashlib.sha256)
    return int.from_bytes(digest.digest()[:4], "big") % 60


def advertised_age(configured: int, lifetime: int) -> int:
    """Return the max-age to send: ``configured``, or when the next publish cuts it, less.

    A cut max-age that counted down to the publish second would tell anyone watching that a story
    is scheduled and exactly when. It is rounded down so the page expires on the last whole minute
    (past this deployment's offset) before the publish: still never after it, and a watcher learns
    at most the minute.
    """
    if lifetime >= configured:
        return configured
    now = time.time()
    offset = max_age_offset()
    expiry = math.floor((now + max(lifetime, 0) - offset) / 60) * 60 + offset
    return max(0, math.floor(expiry - now))


def page_key(request, generation: int) -> str:
    """Language + scheme, host, full path and query string, under the current generation."""
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"pagecache:{generation}:{request.LANGUAGE_CODE}:{digest}"


def cacheable_view(request, view_name: str) -> bool:
    """Return True for an anonymous GET/HEAD of a page named in GUOZHEN_PAGE_CACHE_VIEWS."""
    return (
        view_name in settings.GUOZHEN_PAGE_CACHE_VIEWS
        and request.method in ("GET", "HEAD")
        and not has_credentials(request)
    )


# Page numbers: written without leading zeros, and page 1 is the page without the parameter.
PAGE_NUMBER_PARAMETERS = {"page", "p"}


def canonicalize(request, view_name: str) -> None:
    """Rewrite the request to its canonical form, so that the key and the page agree.

    - Query: only the parameters the page reads (GUOZHEN_PAGE_QUERY_PARAMETERS, e.g. ``page`` on
      lists); their last value, and a page number without leading zeros (page 1 is no parameter).
      Everything else is dropped before the view runs, so the page rendered is the canonical one.
    - Host: lower case, no trailing dot, and no port, except outside production for the port the
      server itself listens on (``runserver`` on :8000). In production the public site is on the
      scheme's port behind the proxy; and gunicorn on a unix socket takes SERVER_PORT from the Host
      header itself, so "the server's port" would be any port a client names. The page is rendered
      with that host too: a page cached for ``Host: site:1234`` must not carry ``:1234`` in its
      links for every later reader.
    """
    kept = QueryDict(mutable=True)
    for name in settings.GUOZHEN_PAGE_QUERY_PARAMETERS.get(view_name, ()):
        value = request.GET.get(name)
        if value is None or (value == "" and name in PAGE_NUMBER_PARAMETERS):
            continue
        if name in PAGE_NUMBER_PARAMETERS and value.isascii() and value.isdigit():
            value = str(int(value))
            if value == "1":
                continue
        kept[name] = value
    query = kept.urlencode()
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.__dict__.pop("GET", None)  # a cached_property, re-read from QUERY_STRING
    host = canonical_host(request)
    if host is not None and host != request.META.get("HTTP_HOST"):
        request.META["HTTP_HOST"] = host
        request.__dict__.pop("_current_scheme_host", None)


def canonical_host(request) -> str | None:
    """Return the Host header without junk (case, trailing dot, a port not ours), or None if absent."""
    raw = request.META.get("HTTP_HOST")
    if not raw:
        return None
    domain, port = split_domain_port(raw.lower())
    if not domain:
        return raw  # Django's host check answers 400 for it
    default = "443" if request.is_secure() else "80"
    ours = not settings.PRODUCTION and port == str(request.META.get("SERVER_PORT", ""))
    return f"{domain}:{port}" if port and port != default and ours else domain


def has_credentials(request) -> bool:
    """A session cookie means a logged-in editor (or one who was): their pages are never shared."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


# What ``lookup`` leaves on the request for ``finish``: the page came from the cache, or it is public
# but not stored (page cache off), or (key, lifetime, conditional headers) to store it under.
HIT = "hit"
PUBLIC = "public"


def lookup(request, view_name: str):
    """The page cache's step once the URL is resolved: the cached page, or None to run the view.

    Called by ``config.stack.SiteMiddleware`` before the view, with the resolved view's name, so the
    URL is resolved once per request. ``finish`` then stores what the view rendered.
    """
    if not cacheable_view(request, view_name):
        return None
    canonicalize(request, view_name)
    if not settings.GUOZHEN_PAGE_CACHE:
        request._page_cache = PUBLIC
        return None
    try:
        return serve_cached(request)
    except CACHE_ERRORS:
        logger.warning("Page cache unreachable; serving %s uncached.", request.path, exc_info=True)
        return None


def serve_cached(request):
    generation = current_generation()
    schedule_key = f"pagecache:next:{generation}"
    key = page_key(request, generation)
    found = cache.get_many([schedule_key, key])

    next_publish = found.get(schedule_key)
    if next_publish is None:
        # Read after the generation, so a story scheduled by a concurrent save is either seen
        # here or has bumped the generation, making this entry unreachable.
        next_publish = next_publish_time() or NO_SCHEDULED_STORY
        lifetime = seconds_left(None if next_publish == NO_SCHEDULED_STORY else next_publish)
        if lifetime > 0:
            cache.set(schedule_key, next_publish, lifetime)
    lifetime = seconds_left(None if next_publish == NO_SCHEDULED_STORY else next_publish)

    if key in found:
        response = rebuild(found[key])
        mark_public(response, lifetime)  # only ever shortens the stored max-age
        response["X-Page-Cache"] = "hit"
        request._page_cache = HIT
        return answer_conditional(request, response)
    # Conditional headers are answered here, so the view renders a full, storable page.
    conditional = {name: request.META.pop(name) for name in CONDITIONAL_HEADERS if name in request.META}
    request._page_cache = (key, lifetime, conditional)
    return None


def finish(request, response):
    """The page cache's response step: store a public page, mark it public; staff pages private."""
    state = request.__dict__.pop("_page_cache", None)
    if state is None:
        if has_credentials(request):
            patch_cache_control(response, private=True, no_store=True)
        return response
    if state is HIT:
        return response
    if state is PUBLIC:
        if response.status_code == 200 and storable(response):
            ages = settings.GUOZHEN_PAGE_MAX_AGE or settings.GUOZHEN_PAGE_SHARED_MAX_AGE
            mark_public(response, seconds_left(next_publish_time()) if ages else 0)
        return response
    key, lifetime, conditional = state
    request.META.update(conditional)
    if response.status_code != 200 or not storable(response):
        return response
    mark_public(response, lifetime)
    if request.method == "GET" and lifetime > 0:
        try:
            cache.set(key, freeze(response), lifetime)
        except CACHE_ERRORS:
            logger.warning("Page cache unreachable; %s not stored.", request.path, exc_info=True)
    response["X-Page-Cache"] = "miss"
    return answer_conditional(request, response)


def storable(response) -> bool:
    """Return True if the response is the same for every anonymous reader of this URL."""
    if response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= ALLOWED_VARY


def mark_public(response, lifetime: int) -> None:
    """Let browsers and a CDN keep the page, never past the next scheduled publish (to the minute).

    ``Vary: Cookie`` because a request with a session cookie gets a different (private) answer.
    """
    if not response.has_header("ETag"):
        set_response_etag(response)
    lifetime = max(lifetime, 0)
    patch_cache_control(
        response,
        public=True,
        max_age=advertised_age(settings.GUOZHEN_PAGE_MAX_AGE, lifetime),
        s_maxage=advertised_age(settings.GUOZHEN_PAGE_SHARED_MAX_AGE, lifetime),
    )
    patch_vary_headers(response, ("Cookie",))


def freeze(response) -> tuple:
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "x-page-cache"]
    return (response.status_code, headers, response.content)


def rebuild(frozen: tuple) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
