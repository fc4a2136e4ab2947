"""The project's own app: it exists to register config/checks.py's system checks."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "config"
    label = "guozhen_site"
    verbose_name = "Guozhen site"

    def ready(self):
        from config import checks  # noqa: F401  (registers the checks)
