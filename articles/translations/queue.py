"""The translation queue's reads: what needs Chinese work, in the order translators take it.

Scheduled stories come first (soonest first: they go live next), then drafts and stories in
review with a planned date (planned soonest first), then published stories (newest first) that
have a missing or outdated Chinese field (notes included), then the authors, tags and sections
still lacking Chinese. Each part costs a fixed number of queries whatever the number of stories.
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, F, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Article, Author
from articles.translations.status import MISSING, OUTDATED, TranslationStatus, article_status
from articles.translations.termbase import Termbase, story_mismatches

QUEUE_LIMIT = 100
SCHEDULED, PLANNED, PUBLISHED = "scheduled", "planned", "published"


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


def _story_parts_query(limit: int):
    """One query for the three story parts: each row knows its part, its place in it and the part's size.

    A window numbers the rows of each part in that part's order (the sort keys of the other parts
    are NULL there, so they tie); the first ``limit`` of each are kept.
    """
    now = timezone.now()
    status = Article.Status
    part = Case(
        When(status=status.PUBLISHED, published_at__gt=now, then=Value(SCHEDULED)),
        When(status=status.PUBLISHED, published_at__lte=now, then=Value(PUBLISHED)),
        When(status__in=[status.DRAFT, status.REVIEW], planned_for__isnull=False, then=Value(PLANNED)),
        output_field=CharField(),
    )

    def key(parts, expression):
        return Case(When(gz_part__in=parts, then=expression))

    order = [
        key([SCHEDULED], F("published_at")).asc(),
        key([PLANNED], F("planned_for")).asc(),
        key([PUBLISHED], F("published_at")).desc(),
        key([SCHEDULED, PLANNED], F("pk")).asc(),
        key([PUBLISHED], F("pk")).desc(),
    ]
    return (
        Article.objects.annotate(gz_part=part)
        .filter(gz_part__isnull=False)
        .translation_queue()
        .annotate(
            gz_place=Window(RowNumber(), partition_by=[F("gz_part")], order_by=order),
            gz_part_size=Window(Count("pk"), partition_by=[F("gz_part")]),
        )
        .filter(gz_place__lte=limit)
        .order_by()
    )


def story_queue(limit: int = QUEUE_LIMIT) -> dict[str, QueuePart]:
    """Return the scheduled, planned and published stories that need Chinese work, in queue order.

    One query for the stories of all three parts, one for their images and one for their notes.
    """
    termbase = Termbase.load()
    found = {SCHEDULED: [], PLANNED: [], PUBLISHED: []}
    for article in _story_parts_query(limit):
        found[article.gz_part].append(article)
    parts = {}
    for name, articles in found.items():
        articles.sort(key=lambda article: article.gz_place)
        rows = []
        for article in articles:
            # As before this query was shared, planned stories are not checked against the termbase.
            mismatches = len(story_mismatches(article, termbase)) if termbase and name != PLANNED else 0
            rows.append(QueueRow(article, article_status(article), mismatches))
        parts[name] = QueuePart(rows, articles[0].gz_part_size if articles else 0)
    return parts


def authors_queue(limit: int = QUEUE_LIMIT) -> QueuePart:
    """Return the authors whose Chinese name, job title or bio is missing or outdated."""
    return _part(Author.objects.needs_translation().order_by("name_en", "pk"), limit)


def names_queue(model, limit: int = QUEUE_LIMIT) -> QueuePart:
    """Return the tags or sections that have no Chinese name."""
    return _part(model.objects.without_chinese_name().order_by("name_en", "pk"), limit)
