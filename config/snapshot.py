"""The settings the middleware reads on every request, read once per settings change.

``settings.NAME`` goes through ``LazySettings``' attribute hooks: about a third of a microsecond
each, a dozen times a request in the middleware alone. ``snapshot()`` returns plain attributes,
rebuilt whenever a setting changes (``override_settings`` in tests sends ``setting_changed``).
"""

from types import SimpleNamespace

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

NAMES = (
    "ADMIN_URL",
    "AXES_ENABLED",
    "CSRF_COOKIE_NAME",
    "CSRF_USE_SESSIONS",
    "DEBUG",
    "DISALLOWED_USER_AGENTS",
    "GUOZHEN_MAX_REQUEST_BYTES",
    "LANGUAGE_CODE",
    "LANGUAGE_COOKIE_NAME",
    "PREPEND_WWW",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_NAME",
    "SESSION_SAVE_EVERY_REQUEST",
)
_current: list[SimpleNamespace] = []


def snapshot() -> SimpleNamespace:
    if not _current:
        current = SimpleNamespace(**{name: getattr(settings, name, None) for name in NAMES})
        current.admin_prefix = f"/{current.ADMIN_URL}"
        current.negotiated = {}  # (language cookie, Accept-Language) -> language, see config.stack
        current.valid_hosts = {}  # (Host, X-Forwarded-Host) -> the host they passed as: lazy_request
        _current.append(current)
    return _current[0]


@receiver(setting_changed)
def _forget(**kwargs):
    _current.clear()
