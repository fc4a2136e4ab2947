"""SQLite: two FTS5 tables, one search document per story in each (rowid = story id).

- ``articles_search_words`` (``porter unicode61``): the Latin words of every column, stemmed
  (manufacturing and manufacture both become "manufactur") and case-folded, plus every CJK
  character and CJK character pair. It answers English terms and 1-2 character CJK terms (芯片,
  美国), which the trigram tokenizer cannot find on SQLite 3.40.
- ``articles_search_trigram`` (``trigram``): the CJK runs of every column. It answers CJK terms of
  three or more characters (基础设施, 供应链) as substrings.

Both rank with bm25 and the column weights below, so a headline match beats a body match.
"""

from articles.search import text
from articles.search.backends.base import SearchBackend
from articles.search.documents import SearchDocument
from articles.search.query import ParsedQuery

WORDS_TABLE = "articles_search_words"
TRIGRAM_TABLE = "articles_search_trigram"
TABLES = (WORDS_TABLE, TRIGRAM_TABLE)  # created by migration 0003_search
# bm25 weights for the columns (title, dek, extra, body); the same order as documents.COLUMNS.
COLUMN_WEIGHTS = "10.0, 4.0, 2.0, 1.0"


def fts_quote(term: str) -> str:
    """Return term as an FTS5 string: every term is quoted, so nothing in it is query syntax."""
    return '"' + term.replace('"', '""') + '"'


def words_column(value: str) -> str:
    return " ".join(text.words(value) + text.cjk_grams(value))


def trigram_column(value: str) -> str:
    return "\n".join(text.cjk_runs(value))


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"
    materialized = "MATERIALIZED "

    def upsert(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        self.delete([doc.article_id for doc in documents])
        words_rows = [(d.article_id, *map(words_column, d.columns())) for d in documents]
        trigram_rows = [(d.article_id, *map(trigram_column, d.columns())) for d in documents]
        with self.connection.cursor() as cursor:
            for table, rows in ((WORDS_TABLE, words_rows), (TRIGRAM_TABLE, trigram_rows)):
                cursor.executemany(
                    f"INSERT INTO {table} (rowid, title, dek, extra, body) VALUES (%s, %s, %s, %s, %s)",
                    rows,
                )

    def delete(self, article_ids) -> None:
        ids = [(int(pk),) for pk in article_ids]
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", ids)

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"DELETE FROM {table}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def match_sql(self, query: ParsedQuery, *, ranked: bool) -> tuple[str, list]:
        routed = ((WORDS_TABLE, query.words + query.short_cjk), (TRIGRAM_TABLE, query.long_cjk))
        parts = [(table, " AND ".join(fts_quote(term) for term in terms)) for table, terms in routed if terms]
        first = parts[0][0]
        columns = f"{first}.rowid AS id"
        if ranked:
            score = " + ".join(f"bm25({table}, {COLUMN_WEIGHTS})" for table, _ in parts)
            columns += f", {score} AS score"
        joins = "".join(f" INNER JOIN {table} ON {table}.rowid = {first}.rowid" for table, _ in parts[1:])
        where = " AND ".join(f"{table} MATCH %s" for table, _ in parts)
        return f"SELECT {columns} FROM {first}{joins} WHERE {where}", [expr for _, expr in parts]
