from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import cache_invalidation

        cache_invalidation.connect()
        checks.register(check_page_cache, checks.Tags.caches, deploy=True)


def check_page_cache(app_configs=None, **kwargs):
    """Warn when the page cache runs on a cache that app servers and workers do not share."""
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    if settings.GUOZHEN_PAGE_CACHE and backend.endswith(("LocMemCache", "DummyCache")):
        return [
            checks.Warning(
                "The page cache is on, but the cache is not shared between processes.",
                hint="Set REDIS_URL, or DJANGO_PAGE_CACHE=0, before running several workers or servers.",
                id="guozhen.W001",
            )
        ]
    return []
