"""The translation queue: what needs Chinese work, for translators and editors.

Lists scheduled stories (soonest first: they go live next) and then published stories (newest
first) that have a missing or outdated Chinese field, and the tags and sections with no Chinese
name. The page costs a fixed number of queries whatever the number of stories.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from articles.models import Article, Section, Tag
from articles.translations.status import (
    MISSING,
    OUTDATED,
    TranslationStatus,
    article_status,
    needs_translation_q,
)

QUEUE_LIMIT = 100


@dataclass
class QueueRow:
    article: Article
    status: TranslationStatus

    @property
    def missing_labels(self) -> str:
        return ", ".join(self.status.labels(MISSING))

    @property
    def outdated_labels(self) -> str:
        return ", ".join(self.status.labels(OUTDATED))


@dataclass
class QueuePart:
    rows: list
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def _part(queryset, limit: int, make_row=lambda obj: obj) -> QueuePart:
    objects = list(queryset[: limit + 1])
    total = queryset.count() if len(objects) > limit else len(objects)
    return QueuePart([make_row(obj) for obj in objects[:limit]], total)


def story_queue(limit: int = QUEUE_LIMIT) -> tuple[QueuePart, QueuePart]:
    """Return the (scheduled, published) stories that need Chinese work, in queue order."""

    def stories(queryset):
        return queryset.filter(needs_translation_q()).select_related("section").prefetch_related("images")

    def row(article):
        return QueueRow(article, article_status(article))

    scheduled = stories(Article.objects.scheduled()).order_by("published_at", "pk")
    published = stories(Article.objects.published()).order_by("-published_at", "-pk")
    return _part(scheduled, limit, row), _part(published, limit, row)


def names_queue(model, limit: int = QUEUE_LIMIT) -> QueuePart:
    """Return the tags or sections that have no Chinese name."""
    no_name = Q(name_zh_hans__isnull=True) | Q(name_zh_hans="")
    return _part(model.objects.filter(no_name).order_by("name_en", "pk"), limit)


def queue_view(model_admin, request):
    """The admin page (mounted by the story admin): readable by anyone who may view stories."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    scheduled, published = story_queue()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Translation queue"),
        "opts": model_admin.model._meta,
        "scheduled": scheduled,
        "published": published,
        "tags": names_queue(Tag),
        "sections": names_queue(Section),
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/articles/translation_queue.html", context)
