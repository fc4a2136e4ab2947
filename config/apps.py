"""The project's own app: it registers config/checks.py's system checks and installs the fast
context locals (config/context_locals.py)."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "config"
    label = "guozhen_site"
    verbose_name = "Guozhen site"

    def ready(self):
        from config import checks  # noqa: F401  (registers the checks)
        from config.context_locals import install

        install()
