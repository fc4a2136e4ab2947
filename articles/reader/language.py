"""The language switch: ``/`` picks the reader's language, ``/language/<code>/`` remembers a choice."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


def choose_language(request):
    """Send ``/`` to the reader's language: their remembered choice (cookie), else Accept-Language."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = HttpResponseRedirect(reverse("articles:index"))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@never_cache
def switch_language(request, code):
    """Remember the reader's language in a cookie and go to ``next`` in that language.

    A plain link (GET) rather than Django's POST-only ``set_language`` form: a form would need a CSRF
    token, which would make every public page differ per reader and defeat caching and ETags. Setting
    a language preference is harmless if a third-party site triggers it.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and next_url.startswith("/"):
        target = translate_url(next_url, code)
    else:
        with translation.override(code):
            target = reverse("articles:index")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
