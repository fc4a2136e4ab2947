"""The response headers every page gets, converted once and written in one step.

Django's ``response.headers[...] = ...`` checks the name's and the value's character set, and its
``setdefault`` and ``has_header`` find a missing name by raising KeyError: a few microseconds per
header. The security headers a Guozhen page carries (HSTS, nosniff, Referrer-Policy,
Cross-Origin-Opener-Policy, X-Frame-Options, the CSP) never vary by request, so they are checked
here once per settings change and then written straight into the response's header store, each only
where the view did not set that header already: what Django's middlewares would have written.
"""

from functools import wraps

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse

# Settings whose change rebuilds the headers (tests override them).
WATCHED = (
    "SECURE_",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "DEBUG",
)
_built: dict[str, object] = {}


def _checked(name: str, value: str) -> tuple[str, tuple[str, str]]:
    """Return a header as Django's header store keeps it, after Django's own checks."""
    probe = HttpResponse()
    probe.headers[name] = value
    return name.lower(), probe.headers._store[name.lower()]


def _referrer_policy() -> str:
    policy = settings.SECURE_REFERRER_POLICY
    return ",".join([v.strip() for v in policy.split(",")] if isinstance(policy, str) else policy)


def csp_policy() -> str | None:
    """The site's one Content-Security-Policy header (no nonces: pages are cached whole)."""
    if "csp" not in _built:
        parts = CSPMiddleware(lambda request: None).get_policy_parts(request=None, response=None)
        _built["csp"] = build_policy(config=parts.config) or None
    return _built["csp"]


def csp_is_simple() -> bool:
    """False when the CSP setting needs django-csp's own per-request logic (exclusions, report-only)."""
    if "csp_simple" not in _built:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        _built["csp_simple"] = not (policy.get("EXCLUDE_URL_PREFIXES") or report_only)
    return _built["csp_simple"]


def security_headers(secure: bool) -> tuple:
    """The headers of SecurityMiddleware and XFrameOptionsMiddleware, HSTS only over HTTPS."""
    key = "secure" if secure else "plain"
    if key not in _built:
        headers = []
        if secure and settings.SECURE_HSTS_SECONDS:
            sts = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                sts += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                sts += "; preload"
            headers.append(_checked("Strict-Transport-Security", sts))
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            headers.append(_checked("X-Content-Type-Options", "nosniff"))
        if settings.SECURE_REFERRER_POLICY:
            headers.append(_checked("Referrer-Policy", _referrer_policy()))
        if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
            headers.append(_checked("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
        _built[key] = tuple(headers)
    return _built[key]


def frame_header() -> tuple:
    if "frame" not in _built:
        _built["frame"] = _checked("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper())
    return _built["frame"]


def csp_header() -> tuple | None:
    if "csp_header" not in _built:
        policy = csp_policy()
        _built["csp_header"] = _checked(CSP_HEADER, policy) if policy else None
    return _built["csp_header"]


def frame_and_csp() -> tuple:
    if "frame_and_csp" not in _built:
        _built["frame_and_csp"] = (frame_header(), *csp_only())
    return _built["frame_and_csp"]


def csp_only() -> tuple:
    header = csp_header()
    return (header,) if header is not None else ()


def add_missing(response, headers) -> None:
    """Add each (lower-case name, stored item) the response does not carry yet."""
    store = response.headers._store
    for name, item in headers:
        if name not in store:
            store[name] = item


def list_fast(response) -> None:
    """Let the WSGI handler read the headers straight from their store.

    ``WSGIHandler`` lists ``response.items()``, which walks the case-insensitive mapping's keys and
    looks each one up again (lower-casing it): three calls a header. The store already holds the
    (name, value) pairs it ends up with; its live view is the same list, at one call.
    """
    response.items = response.headers._store.values


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting.startswith(WATCHED):
        _built.clear()


def language_neutral(view):
    """Mark a view whose answer is the same in every language (robots.txt, the health check).

    The stack then writes neither ``Vary: Accept-Language`` nor ``Content-Language`` on its
    responses: a shared cache keeps one copy instead of one per Accept-Language header seen, and
    the response does not claim a language it is not in. An error page the view raises is made by
    Django's handler without the mark, and so still says its language.
    """

    @wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.language_neutral = True
        return response

    return marked
