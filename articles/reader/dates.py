"""Machine-readable times for ``<time datetime>``: UTC, to the second, one format on every page.

HTML allows at most three digits of fractional seconds, and pages that mixed UTC and the site's zone
described the same moment two ways. Every ``datetime`` attribute goes through :func:`html_datetime`.
"""

from datetime import UTC, datetime


def html_datetime(value: datetime | None) -> str:
    """Return ``value`` as ``2026-12-02T03:04:05Z`` (UTC, whole seconds), or "" for None."""
    if value is None:
        return ""
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
