"""Full-text search index: FTS5 tables on SQLite, pg_trgm and a GIN-indexed table on PostgreSQL.

The tables are not Django models (FTS5 tables are virtual), so they are created with SQL for the
database in use. Existing stories are indexed at once; ``manage.py rebuild_search_index`` does the
same at any time.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_words USING fts5("
    "title, dek, extra, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_trigram USING fts5("
    "title, dek, extra, body, tokenize = 'trigram')",
    "CREATE TABLE IF NOT EXISTS articles_search_keys ("
    "article_id INTEGER PRIMARY KEY, sort_key INTEGER NOT NULL)",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS articles_search_words",
    "DROP TABLE IF EXISTS articles_search_trigram",
    "DROP TABLE IF EXISTS articles_search_keys",
]
POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE IF NOT EXISTS articles_search_document (
        article_id bigint PRIMARY KEY,
        sort_key bigint NOT NULL,
        title_cjk text NOT NULL DEFAULT '',
        cjk text NOT NULL DEFAULT '',
        title_document tsvector NOT NULL,
        document tsvector NOT NULL
    ) WITH (toast_tuple_target = 8160)""",
    # Keep the lexemes in the row (compressed) rather than in TOAST: a search that walks rows in
    # date order tests each one, and a TOAST fetch per row costs more than the test itself.
    "ALTER TABLE articles_search_document "
    "ALTER COLUMN document SET STORAGE MAIN, ALTER COLUMN title_document SET STORAGE MAIN",
    "CREATE INDEX IF NOT EXISTS articles_search_document_sort_key "
    "ON articles_search_document (sort_key DESC)",
    "CREATE INDEX IF NOT EXISTS articles_search_document_document "
    "ON articles_search_document USING gin (document)",
    "CREATE INDEX IF NOT EXISTS articles_search_document_title_document "
    "ON articles_search_document USING gin (title_document)",
    "CREATE INDEX IF NOT EXISTS articles_search_document_cjk_trgm "
    "ON articles_search_document USING gin (cjk gin_trgm_ops)",
    # Every match is checked against published() by story id. With this index PostgreSQL answers
    # that from the index alone (an index-only scan) instead of reading the story's row.
    "CREATE INDEX IF NOT EXISTS articles_article_search_visible "
    "ON articles_article (id, status, published_at)",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS articles_search_document",
    "DROP INDEX IF EXISTS articles_article_search_visible",
]

CREATE = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}
DROP = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor not in CREATE:
        return  # other databases: search is not available (the backend says so when used)
    for sql in CREATE[connection.vendor]:
        schema_editor.execute(sql)

    from articles.search.backends import get_backend
    from articles.search.documents import iter_all_documents

    backend = get_backend(connection)
    for documents in iter_all_documents(apps=apps):
        backend.upsert(documents)


def drop_index(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
