"""Revision comments stored as data and worded when shown, in the reader's language.

A comment is saved as a small JSON object (``{"event": "changed", "fields": ["title_en"]}``), not
as a sentence in the saver's language, so the Chinese history reads in Chinese and the English
one in English, dates included. Comments written before this format are shown as they were saved.
"""

import json
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.models import Article

# The events a story revision records.
ADDED, CHANGED, PUBLISHED, UNPUBLISHED, ARCHIVED = "added", "changed", "published", "unpublished", "archived"
RESTORED, RECOVERED, DELETED, IMPORTED, BASELINE = "restored", "recovered", "deleted", "imported", "baseline"
TRANSLATIONS_IMPORTED = "translations-imported"


def encode(event: str, **data) -> str:
    """Return the stored form of a comment: the event and its data (field names, dates as ISO)."""
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
    return json.dumps({"event": event, **data}, ensure_ascii=False, sort_keys=True)


def _date(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _fields(names) -> str:
    labels = []
    for name in names:
        try:
            labels.append(str(capfirst(Article._meta.get_field(name).verbose_name)))
        except FieldDoesNotExist:  # a field since removed: show its name rather than fail the page
            labels.append(name)
    return pgettext("list separator", ", ").join(labels)


def _sentences() -> dict:
    return {
        ADDED: lambda d: pgettext("story history", "Created."),
        PUBLISHED: lambda d: pgettext("story history", "Published."),
        UNPUBLISHED: lambda d: pgettext("story history", "Sent back to draft."),
        ARCHIVED: lambda d: pgettext("story history", "Archived."),
        DELETED: lambda d: pgettext("story history", "Deleted."),
        BASELINE: lambda d: _("Earlier state, saved without history; recorded before the next change."),
        RESTORED: lambda d: _("Restored the version of %(date)s.") % {"date": _date(d.get("date"))},
        RECOVERED: lambda d: (
            _("Recovered after deletion (the version of %(date)s).") % {"date": _date(d.get("date"))}
        ),
        IMPORTED: lambda d: _("Imported from %(name)s.") % {"name": d.get("name", "")},
        TRANSLATIONS_IMPORTED: lambda d: _("Chinese imported from %(name)s.") % {"name": d.get("name", "")},
    }


def render(comment: str) -> str:
    """Return the comment as a sentence in the active language (an old free-text comment as it is)."""
    try:
        data = json.loads(comment)
    except (TypeError, ValueError):
        return comment
    if not isinstance(data, dict) or "event" not in data:
        return comment
    event = data["event"]
    if event == CHANGED:
        parts = []
        if data.get("fields"):
            parts.append(_("Changed %(fields)s.") % {"fields": _fields(data["fields"])})
        if data.get("images"):
            parts.append(_("Changed the images."))
        return " ".join(parts) or pgettext("story history", "Saved without changes.")
    sentence = _sentences().get(event)
    return sentence(data) if sentence else comment
