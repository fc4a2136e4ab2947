"""The planning calendar's reads: which days a week or month view shows, and what is on each day.

A story is on the day of its publish time (published or scheduled) in the user's time zone, or,
while a draft or in review, on its planned date. Each entry carries its kind, status and
translation state, so the page needs no further query.
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from articles.models import Article
from articles.translations.status import article_status

PLANNED, SCHEDULED, PUBLISHED = "planned", "scheduled", "published"
KIND_LABELS = {
    PLANNED: pgettext_lazy("calendar entry", "Planned"),
    SCHEDULED: pgettext_lazy("calendar entry", "Scheduled"),
    PUBLISHED: pgettext_lazy("calendar entry", "Published"),
}
WEEK, MONTH = "week", "month"


@dataclass
class Entry:
    article: Article
    kind: str
    when: datetime | None  # the publish time in the user's zone; None for a planned date
    translation_state: str
    translation_label: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass
class Day:
    day: date
    in_range: bool  # False for the neighbouring month's days that fill a month grid's first and last week
    today: bool
    entries: list[Entry] = field(default_factory=list)


def kind_of(article: Article) -> str:
    if article.status == Article.Status.PUBLISHED:
        return SCHEDULED if article.is_scheduled() else PUBLISHED
    return PLANNED


def days_shown(view: str, anchor: date) -> tuple[date, date, date, date]:
    """Return (first, last) of the grid and (first, last) of the period itself for ``view``."""
    if view == MONTH:
        period_first = anchor.replace(day=1)
        period_last = anchor.replace(day=pycalendar.monthrange(anchor.year, anchor.month)[1])
    else:
        period_first = anchor - timedelta(days=anchor.weekday())
        period_last = period_first + timedelta(days=6)
    grid_first = period_first - timedelta(days=period_first.weekday())
    grid_last = period_last + timedelta(days=6 - period_last.weekday())
    return grid_first, grid_last, period_first, period_last


def neighbours(view: str, anchor: date) -> tuple[date, date]:
    """The anchors of the previous and the next period."""
    if view == MONTH:
        first = anchor.replace(day=1)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return previous, following
    return anchor - timedelta(days=7), anchor + timedelta(days=7)


def calendar_weeks(
    *, view: str, anchor: date, zone: ZoneInfo, section=None, writer=None, translator=None
) -> list[list[Day]]:
    """Return the grid's weeks (Monday first), each day with its entries, in ``zone``."""
    grid_first, grid_last, period_first, period_last = days_shown(view, anchor)
    start = datetime.combine(grid_first, time.min, tzinfo=zone)
    end = datetime.combine(grid_last + timedelta(days=1), time.min, tzinfo=zone)
    stories = Article.objects.on_calendar(first_day=grid_first, last_day=grid_last, start=start, end=end)
    if section is not None:
        stories = stories.filter(section=section)
    if writer is not None:
        stories = stories.filter(writer=writer)
    if translator is not None:
        stories = stories.filter(translator=translator)
    today = timezone.localtime(timezone.now(), zone).date()
    days = {}
    current = grid_first
    while current <= grid_last:
        days[current] = Day(current, period_first <= current <= period_last, current == today)
        current += timedelta(days=1)
    for article in stories:
        kind = kind_of(article)
        when = timezone.localtime(article.published_at, zone) if kind != PLANNED else None
        day = when.date() if when else article.planned_for
        status = article_status(article)
        if day in days:
            days[day].entries.append(Entry(article, kind, when, status.state, status.state_label))
    ordered = list(days.values())
    return [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
