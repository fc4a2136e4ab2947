"""The backup format: a tar holding ``db.sqlite3``, ``media/...`` and, last, ``manifest.json``.

``manifest.json``::

    {"format": "guozhen.backup", "version": 1, "created_at": "<ISO 8601, UTC>",
     "database": "db.sqlite3", "media": "local" | "not included (<storage class>)",
     "schema": {"<app label>": "<latest applied migration>", ...},
     "counts": {"<table>": <rows>, ...},
     "files": {"<path in the tar>": {"size": <bytes>, "sha256": "<hex>"}, ...}}

The manifest is written last, so a backup cut short has none and is refused as incomplete.
"""

import hashlib
import sqlite3
from datetime import UTC, datetime

FORMAT = "guozhen.backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "db.sqlite3"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# Rows that ``migrate`` itself creates: a freshly migrated site has them and still counts as empty.
MADE_BY_MIGRATE = {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}


class BackupError(Exception):
    """A backup that cannot be made or used; the message says why. Nothing was written."""


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def file_digest(handle, size_hint: int | None = None, on_bytes=None) -> tuple[int, str]:
    """Return (size, sha256) of everything readable from ``handle``."""
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if on_bytes:
            on_bytes(len(chunk))
    return size, digest.hexdigest()


def model_tables() -> list[str]:
    """Every table of an installed model (including many-to-many tables), sorted."""
    from django.db import connection

    return sorted(connection.introspection.django_table_names(include_views=False))


def sqlite_tables(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def sqlite_counts(db: sqlite3.Connection, tables) -> dict[str, int]:
    """Row counts of the given tables that exist in this SQLite database."""
    present = sqlite_tables(db)
    count = 'SELECT COUNT(*) FROM "{}"'.format
    return {t: db.execute(count(t)).fetchone()[0] for t in sorted(tables) if t in present}


def latest_migrations(rows) -> dict[str, str]:
    """``{app: newest migration name}`` from (app, name) rows of ``django_migrations``.

    Migration names start with a zero-padded number, so the newest is the largest name.
    """
    latest: dict[str, str] = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def sqlite_schema(db: sqlite3.Connection) -> dict[str, str]:
    if "django_migrations" not in sqlite_tables(db):
        return {}
    return latest_migrations(db.execute("SELECT app, name FROM django_migrations").fetchall())


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this code has, as (app, name)."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(connection, ignore_no_migrations=True).disk_migrations)
