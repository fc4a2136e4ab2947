"""What a story's revision holds, registered with django-reversion once, from ``ArticlesConfig.ready()``.

A story's revision holds the story row (every ``_en`` and ``_zh_hans`` column, status, publish
time, source, version), its images' metadata, its tags (the ``TaggedArticle`` rows), its notes
(corrections and updates) and its credits (bylines and translators), because ``Article`` follows
``images``, ``tagged_items``, ``notes`` and ``credits``. The original, untranslated columns that
modeltranslation leaves behind (``title``, ``caption``...) are not stored: they only mirror one
language.
"""

import reversion

from articles.languages import IMAGE_TEXT_FIELDS, NOTE_TEXT_FIELDS, STORY_TEXT_FIELDS
from articles.models import Article, ArticleImage, Credit, StoryNote, TaggedArticle

TRANSLATED = {
    Article: (*STORY_TEXT_FIELDS, "body_html"),
    ArticleImage: IMAGE_TEXT_FIELDS,
    StoryNote: NOTE_TEXT_FIELDS,
}


_NOT_STORED = {
    Article: TRANSLATED[Article],
    ArticleImage: TRANSLATED[ArticleImage],
    TaggedArticle: (),
    StoryNote: TRANSLATED[StoryNote],
    Credit: (),
}
# The rows that belong to a story's revision besides the story itself, by their link to it.
FOLLOWED = {ArticleImage: "article", TaggedArticle: "content_object", StoryNote: "article", Credit: "article"}


def stored_fields(model) -> tuple[str, ...]:
    """The columns a revision stores for ``model``."""
    return tuple(f.name for f in model._meta.local_fields if f.name not in _NOT_STORED[model])


def register() -> None:
    """Register the story, its images and its tag links with reversion (called from ``ready()``).

    The admin's ``VersionAdmin`` registers its model with every field when the admin is
    autodiscovered, which may happen before this app is ready; this registration replaces it, so
    revisions never store modeltranslation's mirror columns whatever the app order.
    """
    follow = {Article: ("images", "tagged_items", "notes", "credits")}
    for model in _NOT_STORED:
        if reversion.is_registered(model):
            reversion.unregister(model)
        reversion.register(model, fields=stored_fields(model), follow=follow.get(model, ()))
