"""Site-level views outside the reader's language prefix: health check, robots.txt, favicon, media."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.static import serve

from config.headers import language_neutral
from config.health import health_response


@language_neutral
def healthz(request):
    """200 "ok" when the database and the cache both answer, else 503 naming what failed."""
    return health_response()


def serve_media(request, path):
    """Serve uploaded files when GUOZHEN_SERVE_MEDIA is on (development and browser tests only)."""
    if not settings.GUOZHEN_SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@language_neutral
def favicon(request):
    """Answer /favicon.ico, which browsers fetch on pages without an icon link (the admin's)."""
    response = HttpResponseRedirect(static("favicon.svg"))
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


@language_neutral
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /i18n/",
        "Disallow: /language/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-news'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@language_neutral
def indexnow_key(request, key):
    """Serve the IndexNow key at /<key>.txt when IndexNow is on (search engines check it)."""
    from articles.outbox import indexnow

    if not indexnow.enabled() or key != indexnow.key():
        raise Http404
    return HttpResponse(key, content_type="text/plain; charset=utf-8")
