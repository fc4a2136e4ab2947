"""The data: sections, translated tags, stories (model ``Article``), their images, authors and credits,
correction notes, old slugs, autosave drafts, preview links, webhooks and the outbox, the termbase
(``TermPair``), the translation memory's segments and staff members' preferences, with every read.

Translated fields (registered in ``articles/translation.py``) are always read through the
language-neutral attribute (``article.title``) so that modeltranslation's fallback to English
applies. Reads are QuerySet methods (``Article.objects.published()``, ``.with_listing_data()``).

May import: ``articles.languages``, ``articles.images`` (the pipeline, handed its rows),
``articles.rendering``, ``articles.validators``, ``articles.translations.sources`` and
``reversion`` (a preview link's pinned revision). Never the reader, the admin, caching or services.
"""

from articles.models.authors import Author, Credit
from articles.models.drafts import AutosaveDraft, EditingPresence
from articles.models.images import ArticleImage, image_upload_to
from articles.models.memory import TranslationSegment
from articles.models.notes import StoryNote
from articles.models.people import StaffPreference
from articles.models.preferences import UserPreferences
from articles.models.previews import PreviewLink
from articles.models.redirects import SlugHistory
from articles.models.stories import Article, ArticleQuerySet
from articles.models.taxonomy import Section, Tag, TaggedArticle, ascii_slug
from articles.models.terms import TermPair
from articles.models.webhooks import (
    Delivery,
    DeliveryAttempt,
    EventType,
    OutboxEvent,
    PendingPing,
    PingThrottle,
    WebhookEndpoint,
)

__all__ = [
    "Article",
    "ArticleImage",
    "AutosaveDraft",
    "EditingPresence",
    "Author",
    "Credit",
    "StoryNote",
    "ArticleQuerySet",
    "PreviewLink",
    "Delivery",
    "DeliveryAttempt",
    "EventType",
    "OutboxEvent",
    "PendingPing",
    "PingThrottle",
    "Section",
    "SlugHistory",
    "Tag",
    "TaggedArticle",
    "UserPreferences",
    "WebhookEndpoint",
    "StaffPreference",
    "Tag",
    "TaggedArticle",
    "TermPair",
    "TranslationSegment",
    "ascii_slug",
    "image_upload_to",
]
