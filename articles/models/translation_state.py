"""The translation questions of ``translations/status.py`` asked in SQL, as ``Q`` filters.

A Chinese field is *missing* when its English exists and it is empty, *outdated* when the English
differs from the copy recorded when the Chinese was saved (``translation_sources``). The story
QuerySet's ``needs_translation()``, ``missing_translation()`` and ``outdated_translation()`` use
these, so list filters, the queue and any later report read the same definition. A Chinese story
page selects ``count_annotations()`` with each row instead of decoding the fingerprints in Python.
"""

from functools import reduce
from operator import add, or_

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.fields.json import KeyTextTransform, compile_json_path
from django.db.models.functions import Replace
from django.db.models.lookups import Exact

from articles.languages import CHINESE, ENGLISH, IMAGE_TEXT_FIELDS, NOTE_TEXT_FIELDS, STORY_TEXT_FIELDS


def _has_english(name: str) -> Q:
    return Q(**{f"{name}_{ENGLISH}__isnull": False}) & ~Q(**{f"{name}_{ENGLISH}": ""})


def _empty_chinese(name: str) -> Q:
    return Q(**{f"{name}_{CHINESE}__isnull": True}) | Q(**{f"{name}_{CHINESE}": ""})


class RecordedText(KeyTextTransform):
    """``KT()`` for a recorded English text, read on SQLite with one ``JSON_EXTRACT``.

    Django's ``KT`` reads the document three times there, to tell a JSON ``null`` or ``true`` from
    a string; a recorded text is a string (anything else differs from the English all the same).
    """

    def as_sqlite(self, compiler, connection):
        lhs, params, key_transforms = self.preprocess_lhs(compiler, connection)
        return f"JSON_EXTRACT({lhs}, %s)", (*params, compile_json_path(key_transforms))


def missing(name: str) -> Q:
    return _has_english(name) & _empty_chinese(name)


def outdated(name: str) -> Q:
    # The recorded text is stored with plain line endings; compare it with the English likewise.
    english = Replace(F(f"{name}_{ENGLISH}"), Value("\r\n"), Value("\n"))
    recorded = RecordedText.from_lookup(f"translation_sources__{name}__text")
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


# The names of the counts ``count_annotations()`` selects, in the order (fields, missing, outdated).
COUNT_NAMES = ("zh_fields", "zh_missing", "zh_outdated")


def count_annotations(names) -> dict:
    """Annotations counting, for each row, how many of ``names`` have English to translate, how many
    of those have no Chinese, and how many have outdated Chinese (the definitions above)."""

    def count(builder):
        return reduce(
            add,
            (Case(When(builder(name), then=Value(1)), default=Value(0), output_field=IntegerField())
             for name in names),
        )  # fmt: skip

    builders = (_has_english, missing, outdated)
    return {name: count(builder) for name, builder in zip(COUNT_NAMES, builders, strict=True)}
