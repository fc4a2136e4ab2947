"""The translation queue's reads: what needs Chinese work, in the order translators take it.

Scheduled stories come first (soonest first: they go live next), then drafts and stories in
review with a planned date (planned soonest first), then published stories (newest first) that
have a missing or outdated Chinese field (notes included), then the authors, tags and sections
still lacking Chinese. Each part costs a fixed number of queries whatever the number of stories.
"""

from dataclasses import dataclass

from articles.models import Article, Author
from articles.translations.status import MISSING, OUTDATED, TranslationStatus, article_status
from articles.translations.termbase import Termbase, story_mismatches

QUEUE_LIMIT = 100


@dataclass
class QueueRow:
    article: Article
    status: TranslationStatus
    term_mismatches: int = 0  # terms whose agreed Chinese the story's Chinese lacks

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

    termbase = Termbase.load()

    def row(article):
        mismatches = len(story_mismatches(article, termbase)) if termbase else 0
        return QueueRow(article, article_status(article), mismatches)

    scheduled = Article.objects.scheduled().translation_queue().order_by("published_at", "pk")
    published = Article.objects.published().translation_queue().order_by("-published_at", "-pk")
    return _part(scheduled, limit, row), _part(published, limit, row)


def authors_queue(limit: int = QUEUE_LIMIT) -> QueuePart:
    """Return the authors whose Chinese name, job title or bio is missing or outdated."""
    return _part(Author.objects.needs_translation().order_by("name_en", "pk"), limit)


def planned_queue(limit: int = QUEUE_LIMIT) -> QueuePart:
    """Return the stories not yet published with a planned date that need Chinese work, soonest first."""
    planned = (
        Article.objects.filter(
            status__in=[Article.Status.DRAFT, Article.Status.REVIEW], planned_for__isnull=False
        )
        .translation_queue()
        .order_by("planned_for", "pk")
    )
    return _part(planned, limit, lambda article: QueueRow(article, article_status(article)))


def names_queue(model, limit: int = QUEUE_LIMIT) -> QueuePart:
    """Return the tags or sections that have no Chinese name."""
    return _part(model.objects.without_chinese_name().order_by("name_en", "pk"), limit)
