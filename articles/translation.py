"""Fields that have an English and a Chinese column (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from articles.languages import (
    IMAGE_TEXT_FIELDS,
    ORIGINAL,
    SECTION_TEXT_FIELDS,
    STORY_TEXT_FIELDS,
    TAG_TEXT_FIELDS,
)
from articles.models import Article, ArticleImage, Section, Tag


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
