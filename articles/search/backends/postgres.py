"""PostgreSQL: one row per story in ``articles_search_document``, with three GIN indexes.

- ``document``: a weighted ``tsvector`` of the Latin words, built with the ``english`` configuration
  (stemming, stop words); headline A, dek B, extra C, body D. Answers English terms.
- ``cjk``: the CJK runs of every column, with a ``gin_trgm_ops`` index (pg_trgm), so
  ``LIKE '%基础设施%'`` uses the index. Answers CJK terms of three or more characters.
- ``grams``: every CJK character and character pair, as a ``text[]`` with a GIN index. Answers 1-2
  character CJK terms (芯片, 美国), which give pg_trgm no trigram to look up.

The same terms therefore find the same stories as on SQLite. Ranking: ``ts_rank`` for words and a
headline/dek/extra/body weighting for CJK, with the same 10 : 4 : 2 : 1 proportions.
"""

from articles.search import text
from articles.search.backends.base import SearchBackend
from articles.search.documents import SearchDocument
from articles.search.query import ParsedQuery

TABLE = "articles_search_document"  # created by migration 0003_search


_UPSERT = f"""
    INSERT INTO {TABLE} (article_id, title_cjk, dek_cjk, extra_cjk, cjk, grams, document)
    VALUES (%s, %s, %s, %s, %s, %s::text[],
        setweight(to_tsvector('english', %s), 'A') || setweight(to_tsvector('english', %s), 'B')
        || setweight(to_tsvector('english', %s), 'C') || setweight(to_tsvector('english', %s), 'D'))
    ON CONFLICT (article_id) DO UPDATE SET
        title_cjk = EXCLUDED.title_cjk, dek_cjk = EXCLUDED.dek_cjk, extra_cjk = EXCLUDED.extra_cjk,
        cjk = EXCLUDED.cjk, grams = EXCLUDED.grams, document = EXCLUDED.document
"""
_CJK_SCORE = (
    "(CASE WHEN strpos(d.title_cjk, %s) > 0 THEN 1.0 ELSE 0 END"
    " + CASE WHEN strpos(d.dek_cjk, %s) > 0 THEN 0.4 ELSE 0 END"
    " + CASE WHEN strpos(d.extra_cjk, %s) > 0 THEN 0.2 ELSE 0 END + 0.1) * 0.1"
)


def like_pattern(term: str) -> str:
    """Return a LIKE pattern matching term anywhere, with LIKE's wildcards escaped."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _row(doc: SearchDocument) -> tuple:
    title, dek, extra, body = doc.columns()
    return (
        doc.article_id,
        *("\n".join(text.cjk_runs(value)) for value in (title, dek, extra)),
        "\n".join(text.cjk_runs("\n".join(doc.columns()))),
        text.cjk_grams("\n".join(doc.columns())),
        *(" ".join(text.words(value)) for value in (title, dek, extra, body)),
    )


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def upsert(self, documents: list[SearchDocument]) -> None:
        if documents:
            with self.connection.cursor() as cursor:
                cursor.executemany(_UPSERT, [_row(doc) for doc in documents])

    def delete(self, article_ids) -> None:
        with self.connection.cursor() as cursor:
            ids = [int(pk) for pk in article_ids]
            cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [ids])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")

    def match_sql(self, query: ParsedQuery, *, ranked: bool) -> tuple[str, list]:
        score_sql, score_params, where, where_params = [], [], [], []
        if query.words:
            where.append("d.document @@ plainto_tsquery('english', %s)")
            where_params.append(" ".join(query.words))
            score_sql.append("ts_rank(d.document, plainto_tsquery('english', %s))")
            score_params.append(" ".join(query.words))
        for term in query.long_cjk:
            where.append("d.cjk LIKE %s")
            where_params.append(like_pattern(term))
        if query.short_cjk:
            where.append("d.grams @> %s::text[]")
            where_params.append(list(query.short_cjk))
        for term in query.cjk:
            score_sql.append(_CJK_SCORE)
            score_params.extend([term, term, term])
        columns = "d.article_id AS id"
        if ranked:
            columns += f", -({' + '.join(score_sql)}) AS score"
        else:
            score_params = []
        sql = f"SELECT {columns} FROM {TABLE} d WHERE {' AND '.join(where)}"
        return sql, [*score_params, *where_params]
