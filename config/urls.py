from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from articles.admin import preferences as admin_preferences
from articles.planning import ical
from articles.reader import language, news_sitemap, sitemaps
from config import views

urlpatterns = [
    path("", language.choose_language, name="choose-language"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-news.xml", news_sitemap.news_sitemap, name="sitemap-news"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("<slug:key>.txt", views.indexnow_key, name="indexnow-key"),
    path("language/<str:code>/", language.switch_language, name="switch-language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("articles.api.urls")),
    # A staff user's private planning feed (articles/planning/ical.py); never cached.
    path("calendar/<str:token>.ics", ical.calendar_feed, name="calendar-feed"),
    path(f"{settings.ADMIN_URL}language/", admin_preferences.switch_language, name="admin-language"),
    path(settings.ADMIN_URL, admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("articles.reader.urls")),
    prefix_default_language=True,
)

if settings.MEDIA_URL.startswith("/"):
    # Local media in development and in the browser tests; production serves media from S3 or
    # the web server, and this view answers 404 there (see config.views.serve_media).
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.serve_media))

# The admin's 403 and 404 speak the admin's language and lead back to its index (articles/admin/errors.py).
handler403 = "articles.admin.errors.permission_denied"
handler404 = "articles.admin.errors.page_not_found"
