"""Newer/older pagination that needs no COUNT(*): it fetches one story more than a page holds.

Readers of a news list move a page at a time, so the total number of pages is not shown, and the
page costs one query fewer. A junk number, a number below 1, or a page past the end is a 404.
"""

from dataclasses import dataclass

from django.http import Http404

# Deep pages are costly (the database skips every row before them); nobody pages this far by hand.
MAX_PAGE = 5000


@dataclass(frozen=True)
class StoryPage:
    number: int
    object_list: list

    more: bool  # another page follows

    # The same methods as Django's Page, so templates cannot tell the difference.
    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(raw: str | None) -> int:
    """Return the page number from ``?page=``, or raise Http404 for anything but 1..MAX_PAGE."""
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404("No such page.")
    return int(raw)


def story_page(queryset, number: int, per_page: int) -> StoryPage:
    """Return page ``number`` of queryset; raise Http404 when the page is past the end."""
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404("No such page.")
    return StoryPage(number=number, object_list=rows[:per_page], more=len(rows) > per_page)
