"""The site's middleware stack as one layer: what fifteen middlewares did, in their order, once.

Each entry of ``MIDDLEWARE`` costs a trivial view a call chain of its own (Django's exception
wrapper, ``MiddlewareMixin.__call__``, hooks that find nothing to do), and most of them set
headers through Django's checked, exception-driven header API. Measured with ``bench/middleware.py``,
the stock stack took 83 µs of a 155 µs /robots.txt, more than the view and Django together. This
layer does the same work, in the same order, with Django's and the libraries' own code wherever a
step does real work (sessions, language negotiation, CSRF, static files, django-csp's special
cases, django-axes' lockout page), and its own fast path where a step only ever adds constant
headers (``config.headers``).

Outer steps, around everything (request order; responses pass them in reverse):
    Security (HTTPS redirect; HSTS, nosniff, Referrer-Policy, COOP), WhiteNoise (static files),
    sessions, language, request size limit, CSP, X-Frame-Options, the API's CORS.
Inner steps, inside the page cache, skipped for a page served from it:
    Common (host check, slash redirect, Content-Length), CSRF, authentication, the admin's language,
    messages, django-axes.
The page cache itself (``articles.caching.pages``) runs once the URL is resolved (``process_view``),
so a request's URL is resolved once, by Django.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.exception import convert_exception_to_response
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import trans_real
from whitenoise.middleware import WhiteNoiseMiddleware

from articles.admin.preferences import activate_staff_language
from articles.api import cors
from articles.caching import pages
from config import headers
from config.csp import add_frame_and_policy
from config.lazy_request import made, make_lazy
from config.middleware import request_too_large
from config.snapshot import snapshot

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# How many (cookie, Accept-Language) pairs the language choice remembers; past that it works each out.
NEGOTIATED_PAIRS = 512


def _unused(request):
    raise AssertionError("a folded middleware's get_response is never called")


class SiteMiddleware(SessionMiddleware, AuthenticationMiddleware, MessageMiddleware):
    """One layer; a subclass of the session, authentication and message middlewares only so that
    the admin's checks (admin.E408-E410, which accept subclasses) see that their work is done."""

    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's own middlewares, for their hooks; none of them is ever called as a layer.
        self.security = SecurityMiddleware(_unused)
        self.sessions = SessionMiddleware(_unused)
        self.locale = LocaleMiddleware(_unused)
        self.common = CommonMiddleware(_unused)
        self.csrf = CsrfViewMiddleware(_unused)
        self.inner = convert_exception_to_response(self._inner)
        # WhiteNoise answers its files and hands every other path to the rest of the site.
        self.static = WhiteNoiseMiddleware(self._site)
        self.i18n_patterns, self.prefixed_default = is_language_prefix_patterns_used(settings.ROOT_URLCONF)
        initials = {code[:1] for code, _name in settings.LANGUAGES}
        self.language_initials = frozenset(initials | {i.upper() for i in initials})

    # -- outer steps -------------------------------------------------------------------------------
    def __call__(self, request):
        make_lazy(request)  # session, user and messages are made when first read
        secure = request.is_secure()
        if not secure and snapshot().SECURE_SSL_REDIRECT:
            redirect = self.security.process_request(request)  # Django's, with its exemptions
            if redirect is not None:
                return self._secure(redirect, secure)
        static = self.static
        if static.autorefresh or request.path_info in static.files:
            return self._secure(static(request), secure)
        return self._secure(self._site(request), secure)

    def _secure(self, response, secure: bool):
        headers.add_missing(response, headers.security_headers(secure))
        headers.list_fast(response)
        return response

    def _site(self, request):
        """Sessions, language, size limit, CSP, X-Frame-Options and CORS around the inner steps."""
        path_language = self._activate_language(request)

        response = request_too_large(request) if request.META.get("CONTENT_LENGTH") else None
        if response is None:
            api = request.path.startswith(cors.API_PREFIX)
            response = (api and cors.preflight(request)) or self.inner(request)
            if api:
                cors.add_headers(request, response)
        add_frame_and_policy(request, response, framed=not getattr(response, "xframe_options_exempt", False))
        response = self._language_response(request, response, path_language)
        # Django's session step has work only for a session that was read, or a cookie to renew or drop.
        current = snapshot()
        if made(request, "session") or current.SESSION_SAVE_EVERY_REQUEST:
            response = self.sessions.process_response(request, response)
        elif current.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.sessions.process_response(request, response)
        return response

    def _activate_language(self, request) -> str | None:
        """LocaleMiddleware's request step; returns the language the path names, if any."""
        path = request.path_info
        # Django's regex only for a path that can start with a language code (not /robots.txt, /api/).
        if self.i18n_patterns and path[1:2] in self.language_initials:
            path_language = translation.get_language_from_path(path)
        else:
            path_language = None
        if path_language is not None:
            language = path_language
        elif self.i18n_patterns and not self.prefixed_default:
            language = snapshot().LANGUAGE_CODE
        else:
            language = self._negotiate(request)
        # No translation active means the default language's; activating costs a context-local write.
        current = trans_real.get_language()
        if current != language:
            translation.activate(language)
            current = translation.get_language()
        request.LANGUAGE_CODE = current
        return path_language

    def _negotiate(self, request) -> str:
        """Django's choice from the language cookie and Accept-Language, remembered per pair seen."""
        current = snapshot()
        key = (request.COOKIES.get(current.LANGUAGE_COOKIE_NAME), request.META.get("HTTP_ACCEPT_LANGUAGE"))
        language = current.negotiated.get(key)
        if language is None:
            language = translation.get_language_from_request(request, check_path=False)
            if len(current.negotiated) < NEGOTIATED_PAIRS:
                current.negotiated[key] = language
        return language

    def _language_response(self, request, response, path_language):
        """LocaleMiddleware's response step: its 404 redirect is Django's, the headers are ours (none
        for a language-neutral view's answer)."""
        if response.status_code == 404 and path_language is None:
            return self.locale.process_response(request, response)
        if getattr(response, "language_neutral", False):
            return response  # config.headers.language_neutral
        store = response.headers._store
        if not (self.i18n_patterns and path_language):
            if "vary" in store:
                patch_vary_headers(response, ("Accept-Language",))
            else:
                store["vary"] = ("Vary", "Accept-Language")
        if "content-language" not in store:
            store["content-language"] = ("Content-Language", translation.get_language())
        return response

    # -- inner steps (inside the page cache) -------------------------------------------------------
    def _inner(self, request):
        current = snapshot()
        # CommonMiddleware's request step: its user-agent and www checks only when they are set;
        # the host is always validated (ALLOWED_HOSTS), as Common does.
        if current.DISALLOWED_USER_AGENTS or current.PREPEND_WWW:
            redirect = self.common.process_request(request)
            if redirect is not None:
                return redirect
        else:
            request.get_host()
        if request.COOKIES.get(current.CSRF_COOKIE_NAME) is not None or current.CSRF_USE_SESSIONS:
            self.csrf.process_request(request)  # only a secret to carry over, or one in the session
        if request.path_info.startswith(current.admin_prefix):
            activate_staff_language(request)

        response = self.get_response(request)  # Django resolves the URL, runs process_view, the view
        if request.__dict__.get("_page_cache") is pages.HIT:
            return pages.finish(request, response)

        if current.AXES_ENABLED and getattr(request, "axes_locked_out", None):
            from axes.helpers import get_lockout_response

            response = get_lockout_response(request, response, getattr(request, "axes_credentials", None))
        if made(request, "_messages"):
            unstored = request._messages.update(response)
            if unstored and current.DEBUG:
                raise ValueError("Not all temporary messages could be stored.")
        response = self.csrf.process_response(request, response)
        response = self._common_response(request, response)
        return pages.finish(request, response)

    def _common_response(self, request, response):
        if response.status_code == 404:
            return self.common.process_response(request, response)
        store = response.headers._store
        if not response.streaming and "content-length" not in store:
            store["content-length"] = ("Content-Length", str(len(response.content)))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """CSRF's check of unsafe methods, then the page cache's lookup of the resolved view."""
        if request.method not in SAFE_METHODS:  # CSRF's check; a safe method it only marks as passed
            refused = self.csrf.process_view(request, view_func, view_args, view_kwargs)
            if refused is not None:
                return refused
        match = request.resolver_match
        return pages.lookup(request, match.view_name) if match is not None else None
