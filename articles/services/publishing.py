"""Multi-step writes: publishing, scheduling and archiving stories.

Each function validates first, then saves, so a refused change leaves the row as it was. Each
change is recorded as a revision (who, what) and moves the story's version counter forward, so an
editor with the story open gets a conflict instead of silently overwriting it. What the outside
world must hear (webhooks, WebSub, IndexNow) is recorded in the same transaction by
``articles.outbox.recording``: a refused or rolled-back change sends nothing.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.history import comments
from articles.history.recording import tracked_change
from articles.models import Article
from articles.notifications.events import state_of, story_changed
from articles.outbox import recording
from articles.translations.rules import check_publishable
from articles.translations.status import article_status


@transaction.atomic
def publish_article(*, article: Article, by=None, at: datetime | None = None) -> Article:
    """Publish the story now, or schedule it when ``at`` (or its own publish time) is in the future."""
    before = state_of(article)
    before_outside = recording.state_of(article.pk)
    with tracked_change(article, by=by, comment=comments.encode(comments.PUBLISHED)):
        check_publishable(title=article.title, status=article_status(article))
        now = timezone.now()
        scheduled = article.published_at if article.published_at and article.published_at > now else None
        article.status = Article.Status.PUBLISHED
        article.published_at = at or scheduled or now
        article.save(update_fields=["status", "published_at", "updated_at", "version"])
    story_changed(before=before, article=article, by=by)  # the writer is told after commit
    recording.sync_story(article=article, before=before_outside)
    return article


@transaction.atomic
def unpublish_article(*, article: Article, by=None) -> Article:
    """Send the story back to draft; readers no longer see it."""
    before = recording.state_of(article.pk)
    with tracked_change(article, by=by, comment=comments.encode(comments.UNPUBLISHED)):
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at", "version"])
    recording.sync_story(article=article, before=before)
    return article


@transaction.atomic
def archive_article(*, article: Article, by=None) -> Article:
    """Archive the story; readers no longer see it, editors keep it."""
    before = recording.state_of(article.pk)
    with tracked_change(article, by=by, comment=comments.encode(comments.ARCHIVED)):
        article.status = Article.Status.ARCHIVED
        article.save(update_fields=["status", "updated_at", "version"])
    recording.sync_story(article=article, before=before)
    return article
