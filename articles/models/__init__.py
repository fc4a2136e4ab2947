"""The data: sections, translated tags, stories (model ``Article``) and their images, with every read;
the termbase (``TermPair``), the translation memory's segments and staff members' preferences.

Translated fields (registered in ``articles/translation.py``) are always read through the
language-neutral attribute (``article.title``) so that modeltranslation's fallback to English
applies. Reads are QuerySet methods (``Article.objects.published()``, ``.with_listing_data()``).

May import: ``articles.languages``, ``articles.images`` (the pipeline, handed its rows),
``articles.rendering``, ``articles.validators``, ``articles.translations.sources``. Never the
reader, the admin, caching or services.
"""

from articles.models.images import ArticleImage, image_upload_to
from articles.models.memory import TranslationSegment
from articles.models.people import StaffPreference
from articles.models.stories import Article, ArticleQuerySet
from articles.models.taxonomy import Section, Tag, TaggedArticle, ascii_slug
from articles.models.terms import TermPair

__all__ = [
    "Article",
    "ArticleImage",
    "ArticleQuerySet",
    "Section",
    "StaffPreference",
    "Tag",
    "TaggedArticle",
    "TermPair",
    "TranslationSegment",
    "ascii_slug",
    "image_upload_to",
]
