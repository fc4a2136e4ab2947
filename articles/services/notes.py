"""Writes about a story's substance (its substantive update time) and the Chinese of notes and authors."""

from django.utils import timezone

from articles.languages import AUTHOR_TEXT_FIELDS, CHINESE, NOTE_TEXT_FIELDS, column
from articles.models import Article, StoryNote
from articles.services.webhooks import record_update_event


def record_substantive_update(*, article: Article, marked: bool = False, at=None) -> Article:
    """Move the story's substantive update time to its latest note, or to now when ``marked``.

    It only ever moves forward: removing a note, a typo fix or a tag change leave it where it is.
    Only this column is written, so ``updated_at`` and the version counter stay as they are.
    """
    candidates = [article.substantive_update_at]
    newest = StoryNote.objects.filter(article=article).order_by("-noted_at", "-pk").first()
    candidates.append(newest.noted_at if newest else None)
    if marked:
        candidates.append(at or timezone.now())
    latest = max((time for time in candidates if time is not None), default=None)
    if latest != article.substantive_update_at:
        article.substantive_update_at = latest
        article.save(update_fields=["substantive_update_at"])
        # Partners and apps hear of it too: story.corrected when a correction note moved the time,
        # else story.updated (only for a story readers can see).
        from_note = newest is not None and latest == newest.noted_at and not marked
        record_update_event(
            article=article, correction=from_note and newest.kind == StoryNote.Kind.CORRECTION
        )
    return article


def save_note_translation(*, note: StoryNote) -> StoryNote:
    """Save only a note's Chinese text (and its fingerprint): a translation is not an update."""
    note.save(update_fields=[*(column(name, CHINESE) for name in NOTE_TEXT_FIELDS), "translation_sources"])
    return note


def save_author_translation(*, author):
    """Save only an author's Chinese name, job title and bio (and their fingerprints)."""
    fields = [column(name, CHINESE) for name in AUTHOR_TEXT_FIELDS]
    author.save(update_fields=[*fields, "translation_sources"])
    return author
