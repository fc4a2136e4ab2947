"""SQLite: two FTS5 tables whose rowid is the document's sort key (newest first = rowid DESC).

- ``articles_search_words`` (``porter unicode61``): the Latin words of every column, stemmed
  (manufacturing and manufacture both become "manufactur") and case-folded, plus every CJK
  character and CJK character pair. It answers English terms and 1-2 character CJK terms (芯片,
  美国), which the trigram tokenizer cannot find on SQLite 3.40.
- ``articles_search_trigram`` (``trigram``): the CJK runs of every column. It answers CJK terms of
  three or more characters (基础设施, 供应链) as substrings.
- ``articles_search_keys``: story id -> current sort key, to find a story's rows when it changes.

FTS5 walks a match list in rowid order and stops at the LIMIT, so a page of newest matches costs
the same for a rare word and for one found in half the stories. Every term is quoted.
"""

from articles.search import text
from articles.search.backends.base import HEADLINE, REST, SearchBackend
from articles.search.documents import COLUMNS, KEY_ID_MASK, SearchDocument
from articles.search.query import ParsedQuery

# Created by migration 0003_search.
WORDS_TABLE = "articles_search_words"
TRIGRAM_TABLE = "articles_search_trigram"
KEYS_TABLE = "articles_search_keys"
FTS_TABLES = (WORDS_TABLE, TRIGRAM_TABLE)


def fts_quote(term: str) -> str:
    """Return term as an FTS5 string: every term is quoted, so nothing in it is query syntax."""
    return '"' + term.replace('"', '""') + '"'


def pairs(term: str) -> list[str]:
    """Return the overlapping character pairs of a CJK term."""
    return [term[i : i + 2] for i in range(len(term) - 1)]


def words_column(value: str) -> str:
    return " ".join(text.words(value) + text.cjk_grams(value))


def trigram_column(value: str) -> str:
    return "\n".join(text.cjk_runs(value))


class SQLiteBackend(SearchBackend):
    vendor = "sqlite"

    def upsert(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        self.delete([doc.article_id for doc in documents])
        rows = {
            WORDS_TABLE: [(d.sort_key, *map(words_column, d.columns())) for d in documents],
            TRIGRAM_TABLE: [(d.sort_key, *map(trigram_column, d.columns())) for d in documents],
        }
        with self.connection.cursor() as cursor:
            for table in FTS_TABLES:
                cursor.executemany(
                    f"INSERT INTO {table} (rowid, title, dek, extra, body) VALUES (%s, %s, %s, %s, %s)",
                    rows[table],
                )
            cursor.executemany(
                f"INSERT INTO {KEYS_TABLE} (article_id, sort_key) VALUES (%s, %s)",
                [(d.article_id, d.sort_key) for d in documents],
            )

    def delete(self, article_ids) -> None:
        ids = [int(pk) for pk in article_ids]
        with self.connection.cursor() as cursor:
            keys = []
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT sort_key FROM {KEYS_TABLE} WHERE article_id IN ({marks})", chunk)
                keys += [(key,) for (key,) in cursor.fetchall()]
            for table in FTS_TABLES:
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", keys)
            cursor.executemany(f"DELETE FROM {KEYS_TABLE} WHERE article_id = %s", [(pk,) for pk in ids])

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            for table in (*FTS_TABLES, KEYS_TABLE):
                cursor.execute(f"DELETE FROM {table}")

    def optimize(self) -> None:
        with self.connection.cursor() as cursor:
            for table in FTS_TABLES:
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def indexed_ids(self) -> set[int]:
        return {pk for (pk,) in self._fetch(f"SELECT article_id FROM {KEYS_TABLE}", [])}

    def candidates_sql(self, query: ParsedQuery, visible, tier: int | None) -> tuple[str, list]:
        if not (query.words or query.short_cjk):
            return self._trigram_sql(query, visible, tier)
        return self._words_sql(query, visible, tier)

    def _finish(self, table: str, joins: str, where: list[str], params: list, visible) -> tuple[str, list]:
        visible_sql, visible_params = self.visible_sql(visible)
        # CROSS JOIN keeps the FTS table as the outer loop: it yields rowids newest first, and each
        # story is then checked against the readers' queryset by primary key.
        sql = (
            f"SELECT {table}.rowid AS k FROM {table}{joins} "
            f"CROSS JOIN ({visible_sql}) v ON v.id = ({table}.rowid & {KEY_ID_MASK}) "
            f"WHERE {' AND '.join(where)}"
        )
        return sql, [*visible_params, *params]

    def _trigram_sql(self, query: ParsedQuery, visible, tier: int | None) -> tuple[str, list]:
        """Only CJK terms of 3+ characters: the trigram table finds them as substrings."""
        expr = " AND ".join(map(fts_quote, query.long_cjk))
        headline = f"{{title}} : ({expr})"
        expr = headline if tier == HEADLINE else f"({expr}) NOT ({headline})" if tier == REST else expr
        return self._finish(TRIGRAM_TABLE, "", [f"{TRIGRAM_TABLE} MATCH %s"], [expr], visible)

    def _words_sql(self, query: ParsedQuery, visible, tier: int | None) -> tuple[str, list]:
        """Words and short CJK terms; longer CJK terms as pairs here, confirmed as substrings.

        A long CJK term's character pairs must all be in the words table (a cheap filter); the
        trigram table's text for the same row (one lookup by rowid, no second MATCH, which would
        be slow) then confirms the whole term with instr().
        """
        terms = [*query.words, *query.short_cjk, *(p for term in query.long_cjk for p in pairs(term))]
        expr = " AND ".join(map(fts_quote, dict.fromkeys(terms)))
        headline = f"{{title}} : ({expr})"
        if not query.long_cjk:
            expr = headline if tier == HEADLINE else f"({expr}) NOT ({headline})" if tier == REST else expr
            return self._finish(WORDS_TABLE, "", [f"{WORDS_TABLE} MATCH %s"], [expr], visible)
        everything = " || char(10) || ".join(f"t.{column}" for column in COLUMNS)
        in_title = ["instr(t.title, %s) > 0" for _ in query.long_cjk]
        anywhere = [f"instr({everything}, %s) > 0" for _ in query.long_cjk]
        joins = f" CROSS JOIN {TRIGRAM_TABLE} t ON t.rowid = {WORDS_TABLE}.rowid"
        where, params = [f"{WORDS_TABLE} MATCH %s"], [headline if tier == HEADLINE else expr]
        where += in_title if tier == HEADLINE else anywhere
        params += list(query.long_cjk)
        if tier == REST:
            probe = (
                f"EXISTS (SELECT 1 FROM {WORDS_TABLE} h "
                f"WHERE h.{WORDS_TABLE} MATCH %s AND h.rowid = {WORDS_TABLE}.rowid)"
            )
            where.append(f"NOT ({' AND '.join(in_title)} AND {probe})")
            params += [*query.long_cjk, headline]
        return self._finish(WORDS_TABLE, joins, where, params, visible)
