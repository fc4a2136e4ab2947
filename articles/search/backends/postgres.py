"""PostgreSQL: one row per story in ``articles_search_document``.

- ``document`` / ``title_document``: one stripped ``tsvector`` (no positions, so it stays small)
  for the whole story / the headline, holding two kinds of lexemes with one GIN index each:
  the Latin words, stemmed with the ``english`` configuration (manufacturing -> manufactur), and
  every CJK character and character pair, added as they are (``array_to_tsvector``, no parser, so
  no locale can split them). English terms and 1-2 character CJK terms (芯片, 美国) are answered
  by ``@@`` alone.
- ``cjk`` / ``title_cjk``: the CJK runs of every column / of the headline. A CJK term of three or
  more characters (基础设施) must have all its character pairs in ``document`` (index), then
  ``strpos`` confirms the whole term on those rows only. (A pg_trgm index on ``cjk`` was dropped:
  the pairs already select as well as trigrams, and when the planner chose the trigram index it
  was up to 4x slower: 华为 昇腾团队 counted in 14 ms that way, 3.5 ms without.)
- ``sort_key``: newest first (see documents.py), with a b-tree index.

The same terms find the same stories as on SQLite, in the same order.

Counting (``count``): the newest PROBE_ROWS documents are checked in ``sort_key`` order first; a
common query reaches the cap there, and one dense enough to reach it within WALK_ROWS walks on.
Only the rest are counted through the GIN index, whose bitmaps are then small: a common term's
bitmap holds every match before the first is counted (英伟达, in 41 % of 100,000 stories, took
27 ms to count to 501 that way; the walk takes about 3 ms).

Reading a page, per tier (see base.py): when the query matches many stories, the newest documents
are read in ``sort_key`` order and filtered, stopping at the page's LIMIT (bounded to the newest
WALK_ROWS documents); when it matches few, or the walk found too few, the matches are collected
through the GIN index and sorted. PostgreSQL's own estimates cannot choose well here: it takes a
CJK term's character pairs for independent, so it thinks 数据中心 rare and sorts 10,000 rows.
"""

from articles.search import text
from articles.search.backends.base import ALL, HEADLINE, MAX_RESULTS, REST, SearchBackend
from articles.search.documents import KEY_ID_MASK, SearchDocument
from articles.search.query import ParsedQuery

TABLE = "articles_search_document"  # created by migration 0003_search
WALK_ROWS = 5000
PROBE_ROWS = 1500
_COLUMNS = "article_id, sort_key, title_cjk, cjk, title_document, document"
_TSVECTOR = "strip(to_tsvector('english', %s)) || array_to_tsvector(%s::text[])"
_UPSERT = f"""
    INSERT INTO {TABLE} (article_id, sort_key, title_cjk, cjk, title_document, document)
    VALUES (%s, %s, %s, %s, {_TSVECTOR}, {_TSVECTOR})
    ON CONFLICT (article_id) DO UPDATE SET
        sort_key = EXCLUDED.sort_key, title_cjk = EXCLUDED.title_cjk, cjk = EXCLUDED.cjk,
        title_document = EXCLUDED.title_document, document = EXCLUDED.document
"""


def pairs(term: str) -> list[str]:
    """Return the overlapping character pairs of a CJK term."""
    return [term[i : i + 2] for i in range(len(term) - 1)]


def lexemes_query(lexemes) -> str:
    """Return tsquery input matching all lexemes exactly (quoted: no parser, no dictionary)."""
    quoted = ("'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes)
    return " & ".join(quoted)


def _row(doc: SearchDocument) -> tuple:
    everything = "\n".join(doc.columns())
    return (
        doc.article_id,
        doc.sort_key,
        "\n".join(text.cjk_runs(doc.title)),
        "\n".join(text.cjk_runs(everything)),
        " ".join(text.words(doc.title)),
        text.cjk_grams(doc.title),
        " ".join(text.words(everything)),
        text.cjk_grams(everything),
    )


def _conditions(query: ParsedQuery, *, headline: bool) -> tuple[list[str], list]:
    """Return SQL conditions (and parameters) for all terms, in the headline or anywhere."""
    column = "d.title_document" if headline else "d.document"
    grams = dict.fromkeys([*query.short_cjk, *(p for term in query.long_cjk for p in pairs(term))])
    parts, params = [], []
    if query.words:
        parts.append("plainto_tsquery('english', %s)")
        params.append(" ".join(query.words))
    if grams:
        parts.append("%s::tsquery")
        params.append(lexemes_query(grams))
    where = [f"{column} @@ ({' && '.join(parts)})"]
    for term in query.long_cjk:
        where.append(f"strpos({'d.title_cjk' if headline else 'd.cjk'}, %s) > 0")
        params.append(term)
    return where, params


class PostgresBackend(SearchBackend):
    vendor = "postgresql"
    count_newest_first = False  # let the planner count in any order; it stops at the cap either way

    def upsert(self, documents: list[SearchDocument]) -> None:
        if documents:
            with self.connection.cursor() as cursor:
                cursor.executemany(_UPSERT, [_row(doc) for doc in documents])

    def delete(self, article_ids) -> None:
        ids = [int(pk) for pk in article_ids]
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [ids])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")

    def indexed_ids(self) -> set[int]:
        return {pk for (pk,) in self._fetch(f"SELECT article_id FROM {TABLE}", [])}

    def candidates_sql(
        self,
        query: ParsedQuery,
        visible,
        tier: int | None,
        *,
        walk: bool = False,
        skip: int = 0,
        rows: int = WALK_ROWS,
    ) -> tuple[str, list]:
        """SELECT the sort keys of visible matches.

        With ``walk``, only the ``rows`` newest documents after the newest ``skip`` are read, in
        sort-key order (newest first).
        """
        where, params = _conditions(query, headline=tier == HEADLINE)
        if tier == REST:
            headline, headline_params = _conditions(query, headline=True)
            where.append(f"NOT ({' AND '.join(headline)})")
            params += headline_params
        condition = " AND ".join(where)
        source = TABLE
        if walk:
            # Newest first, a bounded window; CASE hides the condition from the planner, which then
            # cannot swap the ordered walk for an index lookup and a sort.
            window = f"ORDER BY sort_key DESC LIMIT {int(rows)} OFFSET {int(skip)}"
            source = f"(SELECT {_COLUMNS} FROM {TABLE} {window})"
            condition = f"CASE WHEN {condition} THEN true END"
        visible_sql, visible_params = self.visible_sql(visible)
        sql = (
            f"SELECT d.sort_key AS k FROM {source} d INNER JOIN ({visible_sql}) v ON v.id = d.article_id "
            f"WHERE {condition}"
        )
        return sql, [*visible_params, *params]

    def _walk_count(self, query: ParsedQuery, visible, *, cap: int, skip: int, rows: int) -> int:
        sql, params = self.candidates_sql(query, visible, ALL, walk=True, skip=skip, rows=rows)
        return self._fetch(f"SELECT COUNT(*) FROM ({sql} LIMIT %s) c", [*params, cap])[0][0]

    def count(self, query: ParsedQuery, visible, *, cap: int = MAX_RESULTS) -> int:
        """Return how many visible stories match, counting no further than ``cap`` (see above)."""
        found = self._walk_count(query, visible, cap=cap, skip=0, rows=PROBE_ROWS)
        if found >= cap:
            return found
        if found * WALK_ROWS >= cap * PROBE_ROWS:  # dense enough to reach the cap within WALK_ROWS
            found += self._walk_count(
                query, visible, cap=cap - found, skip=PROBE_ROWS, rows=WALK_ROWS - PROBE_ROWS
            )
            if found >= cap:
                return found
        return super().count(query, visible, cap=cap)

    def page_ids(self, query, visible, *, offset: int, limit: int, total: int = MAX_RESULTS) -> list[int]:
        needed, keys = offset + limit, []
        for tier in (HEADLINE, REST):
            found = []
            if total >= MAX_RESULTS:  # a common query: its newest matches are near the top
                # Headline matches are scarcer, and their GIN index is small: a short walk, then
                # the index (data centers power: 9 ms walking 5,000 rows for 3 headline matches).
                rows = PROBE_ROWS if tier == HEADLINE else WALK_ROWS
                sql, params = self.candidates_sql(query, visible, tier, walk=True, rows=rows)
                found = self._fetch(f"{sql} ORDER BY k DESC LIMIT %s", [*params, needed])
            if len(found) < needed:  # a rare query (or tier): collect every match, then sort
                sql, params = self.candidates_sql(query, visible, tier)
                found = self._fetch(
                    f"WITH m AS MATERIALIZED ({sql}) SELECT k FROM m ORDER BY k DESC LIMIT %s",
                    [*params, needed],
                )
            keys += [k for (k,) in found]
            if len(keys) >= needed:
                break
        return [k & KEY_ID_MASK for k in keys[offset:needed]]
