"""The reader's result list: published stories matching a query, best first, fetched a page at a time."""

from functools import cached_property

from articles.models import Article
from articles.search.backends import get_backend
from articles.search.query import ParsedQuery, parse_query


class SearchResults:
    """A lazy, sliceable list of the published stories that match a query (for ``Paginator``).

    ``count()`` costs one query; each slice costs one query for the ranked ids plus the listing
    queries (``with_listing_data()``) for that page only.
    """

    def __init__(self, query: ParsedQuery, *, backend=None):
        self.query = query
        self.backend = backend or get_backend()

    @staticmethod
    def _visible():
        return Article.objects.published()

    @cached_property
    def _count(self) -> int:
        if self.query.is_empty:
            return 0
        return self.backend.count(self.query, self._visible())

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("SearchResults supports plain slices only.")
        start, stop = key.start or 0, key.stop
        if self.query.is_empty or start < 0 or stop is None or stop <= start:
            return []
        ids = self.backend.ranked_ids(self.query, self._visible(), offset=start, limit=stop - start)
        # published() again: a story unpublished between the two queries must still not show.
        by_id = self._visible().with_listing_data().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def search(raw_or_parsed: str | ParsedQuery) -> SearchResults:
    """Return the results for a query (raw text is parsed and sanitized first)."""
    query = raw_or_parsed if isinstance(raw_or_parsed, ParsedQuery) else parse_query(raw_or_parsed)
    return SearchResults(query)
