"""Saves made through the story forms: the version-checked editor's save and the translators' saves.

The admin forms decide *what* may be saved (merge or conflict, Chinese columns only); these
functions do the writing, so every path that saves a form's result moves the version counter and
the translation bookkeeping the same way.
"""

from django.db import transaction

from articles.history.recording import ensure_baseline
from articles.languages import CHINESE, IMAGE_TEXT_FIELDS, STORY_TEXT_FIELDS, column
from articles.models import Article, ArticleImage


class VersionMoved(RuntimeError):
    """The story's version changed under a lock that should have prevented it."""


@transaction.atomic
def claim_next_version(*, article: Article, expected_version: int) -> Article:
    """Move a locked story's version from ``expected_version`` to the next, before its form is saved.

    The version-checked save is this step, then the role's save (the editor's full save, or
    :func:`save_story_translation`). The stored state is recorded first when the history lacks it,
    so the save can be undone.
    """
    ensure_baseline(article.pk)
    locked = Article.objects.filter(pk=article.pk, version=expected_version)
    moved = locked.update(version=expected_version + 1)
    if not moved:
        raise VersionMoved("The story's row changed while it was locked.")  # the row lock prevents this
    article.version = expected_version + 1
    return article


def save_story_translation(*, article: Article, reviewed=()) -> Article:
    """Save only the story's Chinese columns (and their fingerprints) after a translator's edit.

    ``reviewed`` names outdated fields the translator confirmed as still right for the new English.
    """
    article.confirm_translations(reviewed)
    fields = [column(name, CHINESE) for name in STORY_TEXT_FIELDS]
    article.save(update_fields=[*fields, "translation_sources", "updated_at"])
    return article


def save_image_translation(*, image: ArticleImage, reviewed=()) -> ArticleImage:
    """Save only an image's Chinese caption and alt text (and their fingerprints)."""
    image.confirm_translations(reviewed)
    image.save(update_fields=[*(column(name, CHINESE) for name in IMAGE_TEXT_FIELDS), "translation_sources"])
    return image


def save_name_translation(*, obj):
    """Save only the Chinese name of a tag or a section."""
    obj.save(update_fields=[column("name", CHINESE)])
    return obj
