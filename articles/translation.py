"""Fields that have an English and a Chinese column (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from articles.languages import (
    AUTHOR_TEXT_FIELDS,
    IMAGE_TEXT_FIELDS,
    NOTE_TEXT_FIELDS,
    ORIGINAL,
    SECTION_TEXT_FIELDS,
    STORY_TEXT_FIELDS,
    TAG_TEXT_FIELDS,
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
