"""Multi-step writes: publishing, scheduling and archiving stories.

Each function validates first, then saves, so a refused change leaves the row as it was. Each
change is recorded as a revision (who, what) and moves the story's version counter forward, so an
editor with the story open gets a conflict instead of silently overwriting it.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from articles.history import comments
from articles.history.recording import tracked_change
from articles.models import Article
from articles.translations.rules import check_publishable
from articles.translations.status import article_status


@transaction.atomic
def publish_article(*, article: Article, by=None, at: datetime | None = None) -> Article:
    """Publish the story now, or schedule it when ``at`` (or its own publish time) is in the future."""
    with tracked_change(article, by=by, comment=comments.encode(comments.PUBLISHED)):
        check_publishable(title=article.title, status=article_status(article))
        now = timezone.now()
        scheduled = article.published_at if article.published_at and article.published_at > now else None
        article.status = Article.Status.PUBLISHED
        article.published_at = at or scheduled or now
        article.save(update_fields=["status", "published_at", "updated_at", "version"])
    return article


@transaction.atomic
def unpublish_article(*, article: Article, by=None) -> Article:
    """Send the story back to draft; readers no longer see it."""
    with tracked_change(article, by=by, comment=comments.encode(comments.UNPUBLISHED)):
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at", "version"])
    return article


@transaction.atomic
def archive_article(*, article: Article, by=None) -> Article:
    """Archive the story; readers no longer see it, editors keep it."""
    with tracked_change(article, by=by, comment=comments.encode(comments.ARCHIVED)):
        article.status = Article.Status.ARCHIVED
        article.save(update_fields=["status", "updated_at", "version"])
    return article
