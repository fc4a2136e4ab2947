from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Newsroom")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles.caching import invalidation as cache_invalidation
        from articles.history import registration
        from articles.images import delete_files_of_deleted_image
        from articles.search import signals as search_signals

        # What a story revision holds (the story, its images and tag links), registered once here
        # rather than as a side effect of importing a module the admin happens to import.
        registration.register()
        # The one place image files are removed on delete: a single image, a story's cascade, or a
        # bulk delete in the admin all send post_delete for each image row.
        post_delete.connect(
            delete_files_of_deleted_image,
            sender="articles.ArticleImage",
            dispatch_uid="articles.images.delete_files",
        )
        post_delete.connect(
            delete_files_of_deleted_image,
            sender="articles.Author",
            dispatch_uid="articles.images.delete_author_files",
        )
        # Two signal modules, each connected once: cached pages are invalidated by
        # caching/invalidation.py, and the search index follows edits in search/signals.py.
        cache_invalidation.connect()
        search_signals.connect()
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
