"""Newer/older paging for story lists, without counting the stories.

Django's Paginator counts every matching row to know the number of pages. On a newsroom's archive
(100,000 stories) that COUNT was most of the home page's time, and it grows with the archive while
everything else on the page stays the same size. A reader needs only "is there an older page?",
which one extra row answers: a page reads ``per_page + 1`` rows through the listing index and shows
``per_page``. So list pages say "Page 3", not "Page 3 of 4,700".
"""

from dataclasses import dataclass

from django.http import Http404

# Deeper than any reader goes; a larger number is junk, and would overflow the SQL OFFSET.
MAX_PAGE = 100_000


@dataclass(frozen=True)
class StoryPage:
    """One page of a story list; the attribute names are those of Django's ``Page``."""

    object_list: list
    number: int
    has_next: bool

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(value: str | None) -> int:
    """Return the page number a ``?page=`` value asks for; raise Http404 for junk (0, -1, 1.5, abc)."""
    if value is None or value == "":
        return 1
    if not value.isascii() or not value.isdigit():
        raise Http404("That page number is not a whole number.")
    number = int(value)
    if not 1 <= number <= MAX_PAGE:
        raise Http404("That page does not exist.")
    return number


def story_page(queryset, page: str | None, *, per_page: int) -> StoryPage:
    """Return the requested page of an ordered queryset; raise Http404 for a page past the end.

    The first page may be empty (a new site, a tag with no stories yet); any later page that is
    empty does not exist.
    """
    number = page_number(page)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    if not rows and number > 1:
        raise Http404("That page does not exist.")
    return StoryPage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)
