"""What every search backend does; the SQL that differs lives in the vendor modules."""

from django.db.models import QuerySet

from articles.search.documents import SearchDocument
from articles.search.query import ParsedQuery


class SearchBackend:
    """An index of one search document per story, and the queries that read it.

    Subclasses write ``match_sql``: a SELECT of ``id`` (and, when ranked, ``score``, where lower
    is better) for every indexed story that matches all the query's terms. This class joins it with
    the readers' queryset, so which stories are visible is decided by ``published()`` alone.
    """

    vendor = ""
    # Evaluate the match first: the index finds a few rows, and each is then looked up by id.
    materialized = ""

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

    # --- reading it ----------------------------------------------------------------------------
    def match_sql(self, query: ParsedQuery, *, ranked: bool) -> tuple[str, list]:
        raise NotImplementedError

    def _visible_sql(self, visible: QuerySet) -> tuple[str, tuple]:
        compiler = (
            visible.order_by().values("id", "published_at").query.get_compiler(connection=self.connection)
        )
        return compiler.as_sql()

    def ranked_ids(self, query: ParsedQuery, visible: QuerySet, *, offset: int, limit: int) -> list[int]:
        """Return the ids of matching visible stories, best first, newest first among equals."""
        match_sql, match_params = self.match_sql(query, ranked=True)
        visible_sql, visible_params = self._visible_sql(visible)
        sql = (
            f"WITH m AS {self.materialized}({match_sql}) "
            f"SELECT m.id FROM m INNER JOIN ({visible_sql}) v ON v.id = m.id "
            "ORDER BY m.score, v.published_at DESC, v.id DESC LIMIT %s OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*match_params, *visible_params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def count(self, query: ParsedQuery, visible: QuerySet) -> int:
        """Return how many visible stories match."""
        match_sql, match_params = self.match_sql(query, ranked=False)
        visible_sql, visible_params = self._visible_sql(visible)
        sql = (
            f"WITH m AS {self.materialized}({match_sql}) "
            f"SELECT COUNT(*) FROM m INNER JOIN ({visible_sql}) v ON v.id = m.id"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*match_params, *visible_params])
            return cursor.fetchone()[0]
