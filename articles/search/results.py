"""The reader's result list: published stories matching a query, best first, fetched a page at a time."""

from functools import cached_property

from django.db.models import Prefetch

from articles.models import Article, ArticleImage, TaggedArticle
from articles.search.backends import get_backend
from articles.search.backends.base import MAX_RESULTS
from articles.search.query import ParsedQuery

# A result shows the headline, date, section and a snippet, which may come from a caption or a tag
# name. Plain prefetches: taggit's own "tags" prefetch builds a manager per story (half the page's
# time at 100,000 stories), and the images' default ordering joins the story table just to sort.
_TAGS = Prefetch("tagged_items", queryset=TaggedArticle.objects.select_related("tag"))
_IMAGES = Prefetch("images", queryset=ArticleImage.objects.order_by("position", "pk"))


class SearchResults:
    """A lazy, sliceable list of the published stories that match a query (for ``Paginator``).

    ``count()`` costs one query and stops at MAX_RESULTS (``capped`` then says there are more);
    each slice costs one query for the ranked ids plus the listing queries for that page only.
    """

    max_results = MAX_RESULTS

    def __init__(self, query: ParsedQuery, *, backend=None):
        self.query = query
        self.backend = backend or get_backend()

    @cached_property
    def _visible(self):
        # One queryset (one "now") for the count and the page, so both see the same stories.
        return Article.objects.published()

    @cached_property
    def _counted(self) -> int:
        if self.query.is_empty:
            return 0
        return self.backend.count(self.query, self._visible, cap=self.max_results + 1)

    @property
    def capped(self) -> bool:
        """True when more stories match than are counted and paged."""
        return self._counted > self.max_results

    def count(self) -> int:
        return min(self._counted, self.max_results)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("SearchResults supports plain slices only.")
        start, stop = key.start or 0, key.stop
        if self.query.is_empty or start < 0 or stop is None or stop <= start:
            return []
        stop = min(stop, self.max_results)
        if stop <= start:
            return []
        ids = self.backend.page_ids(
            self.query, self._visible, offset=start, limit=stop - start, total=self._counted
        )
        # Loaded by primary key (adding published() here makes SQLite scan the listing index), then
        # checked with is_published(), which agrees with published(): a story unpublished between
        # the two queries still does not show.
        stories = (
            Article.objects.filter(pk__in=ids)
            .defer("body", "body_en", "body_zh_hans", "translation_sources")  # Markdown sources
            .select_related("section")
            .prefetch_related(_TAGS, _IMAGES)
        )
        by_id = stories.in_bulk()
        return [by_id[pk] for pk in ids if pk in by_id and by_id[pk].is_published()]
