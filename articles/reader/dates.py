"""Machine-readable times for ``<time datetime>``: UTC, to the second, one format on every page.

HTML allows at most three digits of fractional seconds, and pages that mixed UTC and the site's zone
described the same moment two ways. Every ``datetime`` attribute goes through :func:`html_datetime`.
"""

from datetime import UTC, date, datetime
from html import escape

from django.utils import formats, timezone, translation


def html_datetime(value: datetime | None) -> str:
    """Return ``value`` as ``2026-12-02T03:04:05Z`` (UTC, whole seconds), or "" for None."""
    if value is None:
        return ""
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# Formatting a date in the page's language (DATE_FORMAT) goes through Django's format lookup and
# date formatter: tens of microseconds, and a story page shows six or seven dates. The text depends
# only on the language and the local date, so it is kept per (language, time zone, date).
_DAY_TEXTS: dict[tuple, str] = {}


def local_date_text(value: datetime | date) -> str:
    """Return the local date of ``value`` as the page's language writes it (``DATE_FORMAT``)."""
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    key = (translation.get_language(), timezone.get_current_timezone_name(), day)
    text = _DAY_TEXTS.get(key)
    if text is None:
        if len(_DAY_TEXTS) >= 4096:
            _DAY_TEXTS.clear()
        text = _DAY_TEXTS[key] = formats.date_format(day, "DATE_FORMAT")
    return text


_TIME_ELEMENTS: dict[tuple, str] = {}


def time_element_html(value: datetime) -> str:
    """Return ``<time datetime="UTC">local date</time>`` for ``value`` (escaped, not marked safe).

    The same moment gives the same markup for a language and time zone, so it is kept per
    (language, time zone, moment): a story page shows half a dozen and each took 0.1 ms to format.
    """
    key = (translation.get_language(), timezone.get_current_timezone(), value)
    markup = _TIME_ELEMENTS.get(key)
    if markup is None:
        if len(_TIME_ELEMENTS) >= 4096:
            _TIME_ELEMENTS.clear()
        markup = f'<time datetime="{html_datetime(value)}">{escape(local_date_text(value))}</time>'
        _TIME_ELEMENTS[key] = markup
    return markup
