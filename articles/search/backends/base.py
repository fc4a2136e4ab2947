"""What every search backend does; the SQL that differs lives in the vendor modules.

Ranking, the same on both backends: stories whose headline holds every term come first (tier 0),
then all other matches (tier 1); within a tier, newest first (the document's sort key). Each tier is
read newest first from an index and stops after the rows the page needs, so a word found in 40,000
stories costs no more than a rare one. For the same reason the count stops at ``MAX_RESULTS``.
"""

from django.db.models import QuerySet

from articles.search.documents import KEY_ID_MASK, SearchDocument
from articles.search.query import ParsedQuery

MAX_RESULTS = 500  # 25 pages of 20; beyond that readers refine the query rather than page on
HEADLINE, REST, ALL = 0, 1, None


class SearchBackend:
    """An index of one search document per story, and the queries that read it.

    Subclasses write ``candidates_sql(query, visible, tier)``: a SELECT of ``k``, the sort key of
    every matching story in the tier that ``visible`` (the readers' queryset) lets through. Which
    stories are visible is therefore decided by ``published()`` alone, at query time.
    """

    vendor = ""
    # Count in sort-key order, newest first, as the pages are read. On SQLite this matters: FTS5
    # otherwise starts from the lowest keys, the drafts (key 0), and checks each before a match.
    count_newest_first = True

    def __init__(self, connection):
        self.connection = connection

    # --- writing the index ---------------------------------------------------------------------
    def upsert(self, documents: list[SearchDocument]) -> None:
        raise NotImplementedError

    def delete(self, article_ids) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def optimize(self) -> None:
        """Compact the index after a bulk load (optional)."""

    def indexed_ids(self) -> set[int]:
        """Return the ids of every story in the index (for checks and tests)."""
        raise NotImplementedError

    # --- reading it ----------------------------------------------------------------------------
    def candidates_sql(self, query: ParsedQuery, visible: QuerySet, tier: int | None) -> tuple[str, list]:
        raise NotImplementedError

    def visible_sql(self, visible: QuerySet) -> tuple[str, tuple]:
        """Return the SQL of the readers' queryset as (id, published_at) rows.

        Compiled once per queryset object: a search runs up to seven statements with it, and
        compiling the ORM query each time cost more than some of the statements.
        """
        compiled = visible.__dict__.get("_search_visible_sql")
        if compiled is None:
            query = visible.order_by().values("id", "published_at").query
            compiled = query.get_compiler(connection=self.connection).as_sql()
            visible.__dict__["_search_visible_sql"] = compiled
        return compiled

    def _fetch(self, sql: str, params: list) -> list:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def page_ids(
        self, query: ParsedQuery, visible: QuerySet, *, offset: int, limit: int, total: int = MAX_RESULTS
    ) -> list[int]:
        """Return the ids of one page of visible matches: headline matches first, newest first.

        ``total`` is the (capped) count of all matches, a hint for backends that plan by it.
        """
        needed = offset + limit
        branches, params = [], []
        for tier in (HEADLINE, REST):
            sql, tier_params = self.candidates_sql(query, visible, tier)
            branches.append(f"SELECT k, {tier} AS tier FROM ({sql} ORDER BY k DESC LIMIT %s) t{tier}")
            params += [*tier_params, needed]
        sql = f"SELECT k FROM ({' UNION ALL '.join(branches)}) r ORDER BY tier, k DESC LIMIT %s OFFSET %s"
        return [k & KEY_ID_MASK for (k,) in self._fetch(sql, [*params, limit, offset])]

    def count(self, query: ParsedQuery, visible: QuerySet, *, cap: int = MAX_RESULTS) -> int:
        """Return how many visible stories match, counting no further than ``cap``."""
        sql, params = self.candidates_sql(query, visible, ALL)
        order = "ORDER BY k DESC" if self.count_newest_first else ""
        return self._fetch(f"SELECT COUNT(*) FROM ({sql} {order} LIMIT %s) c", [*params, cap])[0][0]
