"""Bilingual full-text search that works for Chinese, on SQLite (FTS5) and PostgreSQL.

Modules, by role:
- ``text``: how text is cut into words and CJK runs/grams (shared by the index and the queries);
- ``query``: turning whatever a reader typed into a few safe terms;
- ``documents``: the one search document per story (both languages per column);
- ``backends``: the SQLite and PostgreSQL index tables and queries, picked by database vendor;
- ``index``: writing the index; ``signals``: the one place that keeps it in sync with edits;
- ``results``: the paginable, published-only result list; ``highlight``: snippets with ``<mark>``;
- ``views``: the reader's search page.
"""
