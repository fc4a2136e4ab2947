"""Fields that have an English and a Chinese column (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, ArticleImage, Section, Tag


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "dek", "body", "why_it_matters", "body_html")
    required_languages = {"en": ("title", "dek", "body")}


@register(ArticleImage)
class ArticleImageTranslationOptions(TranslationOptions):
    fields = ("caption", "alt_text")
    required_languages = {"en": ("alt_text",)}
