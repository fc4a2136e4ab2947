"""Pick the search backend that matches the database in use."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection as default_connection

from articles.search.backends.base import SearchBackend
from articles.search.backends.postgres import PostgresBackend
from articles.search.backends.sqlite import SQLiteBackend

BACKENDS: dict[str, type[SearchBackend]] = {
    "sqlite": SQLiteBackend,
    "postgresql": PostgresBackend,
}


def get_backend(connection=None) -> SearchBackend:
    """Return the search backend for the connection's database (the default database if none)."""
    connection = connection or default_connection
    try:
        return BACKENDS[connection.vendor](connection)
    except KeyError:
        raise ImproperlyConfigured(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor!r}."
        ) from None
