"""The translation questions of ``translations/status.py`` asked in SQL, as ``Q`` filters.

A Chinese field is *missing* when its English exists and it is empty, *outdated* when the English
differs from the copy recorded when the Chinese was saved (``translation_sources``). The story
QuerySet's ``needs_translation()``, ``missing_translation()`` and ``outdated_translation()`` use
these, so list filters, the queue and any later report read the same definition.
"""

from functools import reduce
from operator import or_

from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Replace
from django.db.models.lookups import Exact

from articles.languages import CHINESE, ENGLISH, IMAGE_TEXT_FIELDS, NOTE_TEXT_FIELDS, STORY_TEXT_FIELDS


def _has_english(name: str) -> Q:
    return Q(**{f"{name}_{ENGLISH}__isnull": False}) & ~Q(**{f"{name}_{ENGLISH}": ""})


def _empty_chinese(name: str) -> Q:
    return Q(**{f"{name}_{CHINESE}__isnull": True}) | Q(**{f"{name}_{CHINESE}": ""})


def missing(name: str) -> Q:
    return _has_english(name) & _empty_chinese(name)


def outdated(name: str) -> Q:
    # The recorded text is stored with plain line endings; compare it with the English likewise.
    english = Replace(F(f"{name}_{ENGLISH}"), Value("\r\n"), Value("\n"))
    recorded = KT(f"translation_sources__{name}__text")
    return (
        _has_english(name)
        & ~_empty_chinese(name)
        & Q(**{f"translation_sources__{name}__text__isnull": False})
        & ~Q(Exact(recorded, english))
    )


def no_chinese_name() -> Q:
    """Tags and sections whose Chinese name is empty."""
    return _empty_chinese("name")


def any_field(builder, names) -> Q:
    return reduce(or_, (builder(name) for name in names))


def story_filter(builder, image_model, note_model) -> Q:
    """A story matches when one of its own fields, or one of its images' or notes' fields, matches."""
    images = Exists(image_model.objects.filter(any_field(builder, IMAGE_TEXT_FIELDS), article=OuterRef("pk")))
    notes = Exists(note_model.objects.filter(any_field(builder, NOTE_TEXT_FIELDS), article=OuterRef("pk")))
    return any_field(builder, STORY_TEXT_FIELDS) | Q(images) | Q(notes)
