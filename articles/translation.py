"""Fields that have an English and a Chinese column (django-modeltranslation)."""

from django.utils.functional import lazy
from django.utils.translation import gettext as _
from modeltranslation import fields as mt_fields
from modeltranslation import manager as mt_manager
from modeltranslation.fields import NONE
from modeltranslation.thread_context import fallbacks_enabled
from modeltranslation.translator import TranslationOptions, register
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as mt_get_language

from articles.languages import (
    AUTHOR_TEXT_FIELDS,
    CODES,
    IMAGE_TEXT_FIELDS,
    NOTE_TEXT_FIELDS,
    ORIGINAL,
    SECTION_TEXT_FIELDS,
    STORY_TEXT_FIELDS,
    SUFFIX_OF,
    TAG_TEXT_FIELDS,
    column,
)
from articles.models import Article, ArticleImage, Author, Section, StoryNote, Tag


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = SECTION_TEXT_FIELDS
    required_languages = (ORIGINAL,)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = TAG_TEXT_FIELDS
    required_languages = (ORIGINAL,)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (*STORY_TEXT_FIELDS, "body_html")
    required_languages = {ORIGINAL: ("title", "dek", "body")}


@register(ArticleImage)
class ArticleImageTranslationOptions(TranslationOptions):
    fields = IMAGE_TEXT_FIELDS
    required_languages = {ORIGINAL: ("alt_text",)}


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = AUTHOR_TEXT_FIELDS
    required_languages = {ORIGINAL: ("name",)}


@register(StoryNote)
class StoryNoteTranslationOptions(TranslationOptions):
    fields = NOTE_TEXT_FIELDS
    required_languages = {ORIGINAL: ("text",)}


def _language_label(code: str, verbose_name) -> str:
    """Return "English headline" / "Chinese headline" ("英文标题" / "中文标题") in the active language."""
    if code == ORIGINAL:
        return _("English %(field)s") % {"field": verbose_name}
    return _("Chinese %(field)s") % {"field": verbose_name}


def _relabel(model, names) -> None:
    """Name each column's language in words (modeltranslation labels them "Headline [zh-hans]").

    The label is lazy, so the admin, error messages and history name the field in the reader's
    language, whoever saved it.
    """
    for name in names:
        original = model._meta.get_field(name)
        for code in CODES:
            field = model._meta.get_field(column(name, SUFFIX_OF[code]))
            field.verbose_name = lazy(_language_label, str)(code, original.verbose_name)


_relabel(Section, SECTION_TEXT_FIELDS)
_relabel(Tag, TAG_TEXT_FIELDS)
_relabel(Article, STORY_TEXT_FIELDS)
_relabel(ArticleImage, IMAGE_TEXT_FIELDS)
_relabel(Author, AUTHOR_TEXT_FIELDS)
_relabel(StoryNote, NOTE_TEXT_FIELDS)


# django-modeltranslation makes a new QuerySet subclass ("Multilingual<YourQuerySet>") on every
# get_queryset() of a model with a custom QuerySet: a class statement per query built, about 15 µs,
# three times on a story page and on every admin and API read. The class depends only on the
# QuerySet class it extends, so it is made once per class and reused.
_multilingual_classes: dict[type, type] = {}
_make_multilingual = mt_manager.multilingual_queryset_factory


def _multilingual_queryset_class(old_cls, instantiate=True):
    if instantiate:
        return _make_multilingual(old_cls, instantiate=True)
    made = _multilingual_classes.get(old_cls)
    if made is None:
        made = _multilingual_classes[old_cls] = _make_multilingual(old_cls, instantiate=False)
    return made


mt_manager.multilingual_queryset_factory = _multilingual_queryset_class


# Reading ``story.title`` goes through modeltranslation's descriptor, which works out on every read
# the languages to try (``resolution_order()``, a generator and two tuples) and each one's column
# name: about 16 k instructions, and a story page reads some 25 translated fields (0.4 M, 6 % of it).
# The columns depend only on the field, the active language and whether fallbacks are on, so they
# are worked out once per (language, fallbacks on) and kept on the descriptor. The value read is
# modeltranslation's: the same getattr of each column and its own "meaningful value" test; when no
# column has one, its own method gives the fallback value or the default.
# ``tests/models/test_translation_reads.py`` compares both over languages, fallbacks and values.
_descriptor_get = mt_fields.TranslationFieldDescriptor.__get__


def _translated_value(self, instance, owner):
    if instance is None:
        return self
    key = (mt_get_language(), fallbacks_enabled())
    known = self.__dict__.setdefault("_columns_by_language", {})
    columns = known.get(key)
    if columns is None:
        order = resolution_order(key[0], self.fallback_languages)
        columns = known[key] = tuple(build_localized_fieldname(self.field.name, code) for code in order)
    undefined = self.fallback_undefined
    if undefined is NONE:
        undefined = self.field.get_default()
    for name in columns:
        value = getattr(instance, name, None)
        if self.meaningful_value(value, undefined):
            return value
    return _descriptor_get(self, instance, owner)


mt_fields.TranslationFieldDescriptor.__get__ = _translated_value
