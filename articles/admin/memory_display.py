"""The translation memory in the translator's form: up to three suggestions per English segment.

Each suggestion shows its score, the Chinese, the story it came from and that story's date. An exact
match has an Insert button (static/js/admin-memory.js appends it to the Chinese field); without
JavaScript the buttons stay hidden and the suggestions still show.
"""

from django import forms
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from articles.translations import memory

MEMORY_JS = forms.Media(js=["js/admin-memory.js"])


def _suggestions_of(obj) -> dict:
    if not hasattr(obj, "_gz_memory"):
        obj._gz_memory = memory.story_suggestions(obj)
    return obj._gz_memory


def _one(suggestion, field_id: str):
    score = _("exact") if suggestion.exact else f"{suggestion.score}%"
    date = formats.date_format(timezone.localtime(suggestion.date), "DATE_FORMAT") if suggestion.date else ""
    insert = ""
    if suggestion.exact:
        insert = format_html(
            ' <button type="button" class="gz-tm-insert" data-field="{}" data-text="{}" hidden>{}</button>',
            field_id,
            suggestion.target,
            _("Insert"),
        )
    return format_html(
        '<li><span class="gz-tm-score">{}</span> <span class="gz-tm-target" lang="zh-Hans">{}</span>'
        ' <span class="gz-tm-from">— <a href="{}" lang="en">{}</a>, {}</span>{}</li>',
        score,
        suggestion.target,
        reverse("admin:articles_article_change", args=[suggestion.article_id]),
        suggestion.title,
        date,
        insert,
    )


def memory_box(obj, name: str):
    """Return the suggestions for field ``name`` of story ``obj`` ("" when the memory has none)."""
    if obj is None or not obj.pk:
        return ""
    field_id = f"id_{name}_zh_hans"
    rows = [
        format_html(
            '<li><p class="gz-tm-source" lang="en">{}</p><ul>{}</ul></li>',
            segment,
            format_html_join("", "{}", ((_one(s, field_id),) for s in found)),
        )
        for segment, found in _suggestions_of(obj).get(name, [])
        if found
    ]
    if not rows:
        return ""
    return format_html(
        '<details class="gz-tm" open><summary>{}</summary><ol>{}</ol></details>',
        _("Translation memory: %(count)d segments with suggestions") % {"count": len(rows)},
        format_html_join("", "{}", ((row,) for row in rows)),
    )
