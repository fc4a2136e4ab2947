"""Guozhen settings, driven by environment variables (documented in .env.example).

Development defaults are safe and need no services: SQLite in WAL mode and an in-process cache.
Set DJANGO_PRODUCTION=1 for production; it refuses to start without a secret key and allowed hosts.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("DJANGO_PRODUCTION")
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_PRODUCTION is on, so DJANGO_SECRET_KEY must be set to a random string of at least "
            "50 characters. Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_PRODUCTION is on, so DJANGO_ALLOWED_HOSTS must list the site's host names, "
            "comma-separated (for example: news.example.com,www.news.example.com)."
        )
else:
    # A development-only key: never used when DJANGO_PRODUCTION is on (see above).
    SECRET_KEY = SECRET_KEY or "dev-insecure-guozhen-key-only-for-local-development-0123456789"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin patches apply.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "articles",
    "config.apps.SiteConfig",  # the checks of config/stack.py's folded middlewares
]

# One layer does what fifteen middlewares did, in their order (config/stack.py, and bench/middleware.py
# for what each step costs). Security headers, CSP, X-Frame-Options and Content-Language are applied
# to cached pages too; CSRF, authentication, messages and django-axes run only when the view does.
MIDDLEWARE = ["config.stack.SiteMiddleware"]
# Django's and django-axes' checks look for their middlewares by name in MIDDLEWARE; SiteMiddleware
# runs them, so config/checks.py runs those checks as if they were listed (see FOLDED_MIDDLEWARE there)
# and these "missing middleware" warnings are silenced.
SILENCED_SYSTEM_CHECKS = ["security.W001", "security.W002", "security.W003", "axes.W002"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite (the embedded default) runs in WAL mode with IMMEDIATE transactions and a busy timeout,
# so concurrent writers queue instead of failing with "database is locked".
SQLITE_PATH = os.environ.get("DJANGO_SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": dict(SQLITE_OPTIONS),
            # Keep each worker's connection: opening one (and its PRAGMAs) costs more than a query.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": os.environ.get("DJANGO_TEST_SQLITE_PATH") or None},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, minus a new redis-py client object per call (config/redis_cache.py).
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "guozhen"),
            # Short timeouts: if Redis stalls, pages are served uncached instead of hanging workers.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (articles/cache.py) stores anonymous reader pages in the cache above and makes
# them all stale at once on any save. It needs a cache that every app server and worker shares,
# so by default it is on with REDIS_URL (an in-process cache would let one gunicorn worker
# serve a page another worker has invalidated). Without Redis it is on only with DEBUG, i.e. under
# runserver, which is a single process.
GUOZHEN_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=bool(REDIS_URL) or DEBUG)
GUOZHEN_PAGE_CACHE_TIMEOUT = env_int("DJANGO_PAGE_CACHE_TIMEOUT", 600)
# Cache-Control for cached pages: browsers (max-age) and a CDN (s-maxage). 0 means "store, but ask
# the site again every time", which it answers with a cheap 304 from the page cache; raise
# DJANGO_CDN_MAX_AGE only if a CDN may show a page that many seconds old after a save.
GUOZHEN_PAGE_MAX_AGE = env_int("DJANGO_PAGE_MAX_AGE", 0)
GUOZHEN_PAGE_SHARED_MAX_AGE = env_int("DJANGO_CDN_MAX_AGE", 0)
# URL names of the public pages the page cache may hold. Search, previews and the admin are not here.
GUOZHEN_PAGE_CACHE_VIEWS = {
    "articles:index",
    "articles:detail",
    "articles:section",
    "articles:tag",
    "articles:tag-feed",
    "articles:feed-rss",
    "articles:feed-atom",
    "sitemap",
}

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "guozhen_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# modeltranslation's tabbed admin loads jQuery UI from a CDN by default; the CSP and the closed
# network forbid that, so we serve a vendored copy.
MODELTRANSLATION_JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
# modeltranslation 0.20 reads the unprefixed name (modeltranslation/settings.py); without it the
# admin still loads jQuery UI from ajax.googleapis.com.
JQUERY_UI_URL = MODELTRANSLATION_JQUERY_UI_URL

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Outside production, whitenoise serves straight from the app and static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
# Let Django itself serve MEDIA_URL (development only; production uses S3 or the web server).
GUOZHEN_SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG and not PRODUCTION)
# Hashed file names (collectstatic) are cached by browsers and CDNs for ten years, marked immutable
# by whitenoise; un-hashed names get this many seconds.
WHITENOISE_MAX_AGE = 3600 if PRODUCTION else 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Media on S3-compatible storage (AWS S3, MinIO, Cloudflare R2, ...) through django-storages.
# Setting AWS_STORAGE_BUCKET_NAME switches uploads and renditions to the bucket; pages link to it.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    S3_OPTIONS = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "location": os.environ.get("AWS_LOCATION", "").strip("/"),
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        # Public objects behind plain, cacheable URLs: a signed URL would differ on every render and
        # expire inside cached pages. Readable-by-all comes from the bucket policy, not object ACLs.
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=False),
        "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        "file_overwrite": False,
        # Stored names never change meaning (no overwrite), so a day of caching is safe.
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_OPTIONS}
    if S3_OPTIONS["custom_domain"]:
        MEDIA_URL = f"https://{S3_OPTIONS['custom_domain']}/"
    elif S3_OPTIONS["endpoint_url"]:
        MEDIA_URL = f"{S3_OPTIONS['endpoint_url'].rstrip('/')}/{AWS_STORAGE_BUCKET_NAME}/"
    else:
        region = S3_OPTIONS["region_name"] or "us-east-1"
        MEDIA_URL = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{region}.amazonaws.com/"
    if S3_OPTIONS["location"]:
        MEDIA_URL += S3_OPTIONS["location"] + "/"

# --- Content rules ----------------------------------------------------------------------------
GUOZHEN_IMAGE_MAX_BYTES = env_int("DJANGO_IMAGE_MAX_BYTES", 15 * 1024 * 1024)
GUOZHEN_IMAGE_MAX_PIXELS = env_int("DJANGO_IMAGE_MAX_PIXELS", 40_000_000)
GUOZHEN_REQUIRE_COMPLETE_TRANSLATION = env_bool("DJANGO_REQUIRE_COMPLETE_TRANSLATION")
GUOZHEN_SITE_NAME = "Guozhen AI"

# No request body may be larger than this (one story save with its images): a 413 page says so.
# The web server in front should refuse the same size (nginx: client_max_body_size 20m).
GUOZHEN_MAX_REQUEST_BYTES = env_int("DJANGO_MAX_REQUEST_BYTES", GUOZHEN_IMAGE_MAX_BYTES + 5 * 1024 * 1024)
# Form fields other than files (a long Markdown body fits easily); uploads above 2.5 MB stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 50

TAGGIT_CASE_INSENSITIVE = True
# Django 6 assumes https for scheme-less URLs typed into forms; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Auth ---------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
LOGIN_URL = "admin:login"

# django-axes throttles logins. Its backend must come first; it needs the request, which the admin
# login form passes (tests log in with force_login, which skips authentication altogether).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures are counted in the database, so every app server sees the same count and lockout.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
# Lock the pair (account, address): a guesser is stopped without locking the editor out elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
# The client's address behind DJANGO_PROXY_COUNT proxies: see the issue 22 block at the end.

# --- Security headers and cookies ----------------------------------------------------------
# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere except media on S3.
# Django's admin (5.2) and modeltranslation's tabs need no exception: they use external scripts
# and data attributes, and set styles through the DOM, which CSP allows.
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_media_origin] if _media_origin else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    # TLS ends at the proxy or load balancer in front, which must set X-Forwarded-Proto (and strip
    # it from clients); only then may Django trust it. Set DJANGO_SECURE_PROXY_SSL_HEADER=0 when
    # gunicorn itself is reached over TLS.
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The load balancer probes /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}


# --- Background tasks -------------------------------------------------------------------------
# Django's Tasks API (the django-tasks backport) with the database backend (django-tasks-db): the
# queue is a table in the site's own database, so the embedded default needs no Redis, and any
# number of workers on any app servers share it (``python manage.py db_worker``; ``make run``
# starts one beside the development server, ``make worker`` runs one in the foreground).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail", "webhooks"],
    }
}

# --- Hardening, round two (issue 22) -------------------------------------------------------------
# The query parameters each cached page reads (articles/caching/pages.py). Any other parameter is
# dropped before the page is looked up or rendered, so ?x=1, ?x=2, ... or utm_source links are all
# answered from the one canonical entry. A feature that reads a new parameter on one of these pages
# adds it here (a response that must not be shared is marked private by its view, as previews are).
GUOZHEN_PAGE_QUERY_PARAMETERS = {
    "articles:index": ("page",),
    "articles:section": ("page",),
    "articles:tag": ("page",),
    "sitemap": ("p",),  # django.contrib.sitemaps pages a long sitemap with ?p=
}
# Story archives (manage.py import_stories): the JSON document is measured before it is parsed,
# because the parser builds an object for every value (10 KB of zipped "{}," used to cost 337 MB).
# Two million values is about 20,000 stories with their images; nesting is 7 levels in a real export.
GUOZHEN_ARCHIVE_MAX_VALUES = env_int("DJANGO_ARCHIVE_MAX_VALUES", 2_000_000)
GUOZHEN_ARCHIVE_MAX_DEPTH = env_int("DJANGO_ARCHIVE_MAX_DEPTH", 12)

# --- Read API, JSON Feed and news sitemap (issue 17) ----------------------------------------
# Origins (scheme://host[:port], comma-separated) whose pages may GET /api/v1/ from a browser.
# None by default: the API is public, but other sites' scripts read it only when listed here.
GUOZHEN_API_CORS_ORIGINS = frozenset(env_list("DJANGO_API_CORS_ORIGINS"))
# Before the page cache, so cached API responses get the CORS header for each request's origin.
# The API's reads go through the page cache like the pages (search stays out, as the search page).
GUOZHEN_PAGE_CACHE_VIEWS |= {"api-v1:stories", "api-v1:story", "api-v1:sections", "api-v1:tags"}
GUOZHEN_PAGE_CACHE_VIEWS |= {
    "articles:feed-json",
    "articles:tag-feed-json",
    "sitemap-section",
    "sitemap-news",
}
# URLs per sitemap page (sitemap.xml is an index of such pages). 50,000 is the protocol's maximum.
GUOZHEN_SITEMAP_LIMIT = min(env_int("DJANGO_SITEMAP_LIMIT", 50_000), 50_000)
# The parameters the cached API reads and the sitemap index's pages (see the hardening block).
GUOZHEN_PAGE_QUERY_PARAMETERS |= {
    "api-v1:stories": ("lang", "limit", "cursor", "section", "tag", "type", "author", "updated_since"),
    "api-v1:story": ("lang",),
    "api-v1:sections": ("lang",),
    "api-v1:tags": ("lang",),
    "sitemap-section": ("p",),
}

# --- Bylines, corrections and story types (issue 15) -----------------------------------------
# Author pages, their feeds and the corrections page are public pages like the others: cached
# for anonymous readers and made stale by any save of a story, author, credit or note.
GUOZHEN_PAGE_CACHE_VIEWS |= {
    "articles:author",
    "articles:author-feed-rss",
    "articles:author-feed-atom",
    "articles:corrections",
}
# The author page pages like the other lists; the corrections page too.
GUOZHEN_PAGE_QUERY_PARAMETERS |= {"articles:author": ("page",), "articles:corrections": ("page",)}
# Login throttling behind proxies: the client is the DJANGO_PROXY_COUNT-th address from the right
# of X-Forwarded-For (config/client_address.py); 0 = no proxy, only the TCP peer counts.
GUOZHEN_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_ip"

# --- Previews, planning and mail (issue 16) -----------------------------------------------------
# The site's public address, for links in mail, in the iCal feed and from ``manage.py preview_link``
# (requests build their own absolute URLs; these are made where there is no request).
GUOZHEN_SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Mail: printed on the console in development (``make run``); SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL")
# Seconds one SMTP conversation may take: a stalled server fails the task, which is retried.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Guozhen <newsroom@localhost>")
# A mail that could not be sent is tried again this many times, waiting longer each time.
GUOZHEN_MAIL_RETRIES = env_int("DJANGO_MAIL_RETRIES", 5)
GUOZHEN_MAIL_RETRY_SECONDS = env_int("DJANGO_MAIL_RETRY_SECONDS", 60)
# --- Webhooks, WebSub and IndexNow (issue 18) ---------------------------------------------------
# Events are written to an outbox table in the transaction of the change and delivered by the
# "webhooks" queue (README, "Webhooks, WebSub and IndexNow"). Seconds may be fractions.
# Absolute links in payloads and pings: the workers have no request to take the host from.
# (GUOZHEN_SITE_URL, set in the previews block above, gives the workers their absolute links.)
GUOZHEN_WEBHOOK_TIMEOUT = float(os.environ.get("DJANGO_WEBHOOK_TIMEOUT", "10"))
# A worker's claim on a delivery lasts the timeout plus this; a killed worker's claim runs out then.
GUOZHEN_WEBHOOK_CLAIM_MARGIN = float(os.environ.get("DJANGO_WEBHOOK_CLAIM_MARGIN", "20"))
# Retries after timeouts, connection errors, 5xx and 429: base, 2 x base, 4 x base ... (at most an
# hour apart) for this long after the event; other answers stop at once.
GUOZHEN_WEBHOOK_RETRY_BASE = float(os.environ.get("DJANGO_WEBHOOK_RETRY_BASE", "10"))
GUOZHEN_WEBHOOK_RETRY_MAX_DELAY = float(os.environ.get("DJANGO_WEBHOOK_RETRY_MAX_DELAY", "3600"))
GUOZHEN_WEBHOOK_RETRY_WINDOW = float(os.environ.get("DJANGO_WEBHOOK_RETRY_WINDOW", str(24 * 3600)))
# An endpoint that has failed without a single success for this long is switched off.
GUOZHEN_WEBHOOK_DISABLE_AFTER = float(os.environ.get("DJANGO_WEBHOOK_DISABLE_AFTER", str(24 * 3600)))
GUOZHEN_WEBHOOK_LOG_DAYS = env_int("DJANGO_WEBHOOK_LOG_DAYS", 30)
# Endpoints must use https in production; development and tests post to http://127.0.0.1.
GUOZHEN_WEBHOOK_REQUIRE_HTTPS = env_bool("DJANGO_WEBHOOK_REQUIRE_HTTPS", default=PRODUCTION)
# WebSub: feeds name this hub (rel="hub") and the hub is pinged on publish, update and unpublish.
GUOZHEN_WEBSUB_HUB = os.environ.get("DJANGO_WEBSUB_HUB", "")
# IndexNow: off unless an endpoint is set (e.g. https://api.indexnow.org/indexnow). The key is
# served at /<key>.txt; without DJANGO_INDEXNOW_KEY one is derived from the secret key.
GUOZHEN_INDEXNOW_ENDPOINT = os.environ.get("DJANGO_INDEXNOW_ENDPOINT", "")
GUOZHEN_INDEXNOW_KEY = os.environ.get("DJANGO_INDEXNOW_KEY", "")
GUOZHEN_INDEXNOW_INTERVAL = float(os.environ.get("DJANGO_INDEXNOW_INTERVAL", "10"))
# --- The translator's desk (issue 14) ---
# The admin speaks each staff member's chosen language (articles/admin/preferences.py); config/stack.py
# activates it just after authentication.
