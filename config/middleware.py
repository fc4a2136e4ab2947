"""Project-wide request guards that belong to no app."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.functional import SimpleLazyObject, empty
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


class StaticCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once, not twice per request.

    Guozhen's policy never varies by request: no nonces (pages are cached whole, see FACTS) and no
    per-view decorators. django-csp rebuilds the header from the settings dictionary on every
    response, which cost a trivial view about a third of its time; here the header text is built
    on first use and again only when the setting changes (tests override it). A response that
    already carries a policy, or a view marked with django-csp's decorators, goes the library's way.
    """

    _built: dict[str, str | None] = {}

    def process_response(self, request, response):
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages use inline styles, as django-csp allows for
        policy_setting = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        unusual = policy_setting.get("EXCLUDE_URL_PREFIXES") or getattr(
            settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None
        )
        if unusual or getattr(request, "_csp_nonce", None) or any(hasattr(response, n) for n in _CSP_MARKS):
            return super().process_response(request, response)
        if "policy" not in self._built:
            parts = self.get_policy_parts(request=request, response=response)
            self._built["policy"] = build_policy(config=parts.config) or None
        policy = self._built["policy"]
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response


# Attributes django-csp's view decorators (csp_exempt, csp_update, csp_replace, csp) set on a response.
_CSP_MARKS = (
    "_csp_exempt",
    "_csp_update",
    "_csp_replace",
    "_csp_config",
    "_csp_exempt_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_config_ro",
)


@receiver(setting_changed)
def _forget_built_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        StaticCSPMiddleware._built.clear()


class LazyMessageMiddleware(MessageMiddleware):
    """Django's message middleware, creating the message storage only when something uses it.

    Reader pages never show messages, yet the stock middleware builds the cookie and session
    storages (with a cookie signer) on every request. Here ``request._messages`` is made on first
    use, and the response step runs only if it was.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
