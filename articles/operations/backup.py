"""A consistent backup of a running SQLite site: database, media files and a manifest, in one tar.

The database is copied with SQLite's online backup API (``sqlite3.Connection.backup``) inside one
read transaction, so in WAL mode the copy is the database as of one instant while readers and
editors go on working (a file copy of a database in use can catch a half-written page or miss the
WAL). Media files are copied after that instant: stored names are never reused, so a file the
copied database names is either copied or was deleted since (then it is listed as missing in the
manifest and the command warns). The tar is written beside ``OUT`` and moved into place at the
end, so an interrupted backup never leaves a file that looks complete.
"""

import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

from articles.operations.manifest import (
    DATABASE,
    FORMAT,
    MANIFEST,
    MEDIA_PREFIX,
    VERSION,
    BackupError,
    model_tables,
    now_iso,
    sqlite_counts,
    sqlite_schema,
)

PAGES_PER_STEP = 1024


class _HashingReader:
    """Read a file for the tar while computing its SHA-256 and reporting progress."""

    def __init__(self, handle, on_bytes=None):
        self.handle, self.on_bytes, self.digest, self.size = handle, on_bytes, hashlib.sha256(), 0

    def read(self, n=-1):
        chunk = self.handle.read(n)
        self.digest.update(chunk)
        self.size += len(chunk)
        if self.on_bytes:
            self.on_bytes(len(chunk))
        return chunk


def local_media_root() -> Path | None:
    """The media folder when media are on local disk; None when they are elsewhere (S3)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def media_files(root: Path | None) -> list[tuple[str, Path, int]]:
    """(name, path, size) of every media file, sorted by name."""
    if root is None or not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found.append((path.relative_to(root).as_posix(), path, path.stat().st_size))
    return found


def referenced_media(db: sqlite3.Connection) -> set[str]:
    """Every file name the copied database points at: image masters and their renditions."""
    names = set()
    for image, renditions in db.execute("SELECT image, renditions FROM articles_articleimage"):
        if image:
            names.add(image)
        for items in (json.loads(renditions or "{}") or {}).get("files", {}).values():
            names.update(item["name"] for item in items)
    return names


def copy_database(target: Path, on_pages=None) -> None:
    """Copy the site's SQLite database into ``target`` as of one instant (online backup API)."""
    if connection.vendor != "sqlite":
        raise BackupError(
            "This site runs on PostgreSQL: back it up with pg_dump and the bucket's versioning "
            "(README, “Operations”). manage.py backup copies the embedded SQLite set-up."
        )
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(target)
    try:
        # One read transaction for the whole copy: every step sees the same snapshot, so writers
        # (WAL mode) neither wait for the backup nor make it start over.
        source.execute("BEGIN DEFERRED")
        try:
            source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()

            def report(status, remaining, total):
                if on_pages:
                    on_pages(total - remaining, total)

            source.backup(copy, pages=PAGES_PER_STEP, progress=report)
        finally:
            source.execute("COMMIT")
        # A single self-contained file (no -wal beside it).
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The copied database failed SQLite's integrity check.")
    finally:
        copy.close()


def _database_size() -> tuple[int, int]:
    if connection.vendor != "sqlite":
        return 0, 0
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        pages = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_size")
        return pages, cursor.fetchone()[0]


def _add_file(tar: tarfile.TarFile, name: str, path: Path, size: int, on_bytes) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(path.stat().st_mtime), 0o644
    with path.open("rb") as handle:
        reader = _HashingReader(handle, on_bytes)
        tar.addfile(info, reader)
    if reader.size != size:
        raise BackupError(f"{name} changed size while it was being copied.")
    return {"size": size, "sha256": reader.digest.hexdigest()}


def make_backup(out, *, progress=None, warn=None) -> dict:
    """Write a backup of this site to ``out``; return its manifest.

    ``progress(total_bytes)`` may return a progress bar (``update(n)`` and ``close()``); ``warn(text)``
    is told about media files the database names but that were deleted before they were copied.
    """
    out = Path(out)
    root = local_media_root()
    workdir = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    part = workdir / "backup.tar"
    bar = None
    try:
        db_path = workdir / DATABASE
        pages, page_size = _database_size()
        files = media_files(root)
        bar = progress(pages * page_size + sum(size for _, _, size in files)) if progress else None
        done = [0]

        def on_pages(copied, total):
            if bar:
                bar.update(max(0, copied * page_size - done[0]))
                done[0] = max(done[0], copied * page_size)

        copy_database(db_path, on_pages)
        with sqlite3.connect(db_path) as db:
            counts = sqlite_counts(db, model_tables())
            schema = sqlite_schema(db)
            referenced = referenced_media(db)
        db.close()
        on_bytes = bar.update if bar else None
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": now_iso(),
            "database": DATABASE,
            "media": "local" if root is not None else f"not included ({type(default_storage).__name__})",
            "schema": schema,
            "counts": counts,
            "files": {},
        }
        with tarfile.open(part, "w", format=tarfile.PAX_FORMAT) as tar:
            manifest["files"][DATABASE] = _add_file(tar, DATABASE, db_path, db_path.stat().st_size, None)
            for name, path, size in files:
                try:
                    manifest["files"][MEDIA_PREFIX + name] = _add_file(
                        tar, MEDIA_PREFIX + name, path, size, on_bytes
                    )
                except FileNotFoundError:
                    continue  # deleted after the listing: checked against the database below
            copied = {name.removeprefix(MEDIA_PREFIX) for name in manifest["files"]}
            missing = sorted(referenced - copied) if root is not None else []
            manifest["missing_media"] = missing
            data = (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
        with part.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(part, out)
        if missing and warn:
            warn(f"{len(missing)} media files named by the database were deleted before they were copied.")
        return manifest
    finally:
        if bar:
            bar.close()
        for path in workdir.glob("*"):
            path.unlink(missing_ok=True)
        workdir.rmdir()


def backup_size(manifest: dict) -> int:
    return sum(item["size"] for item in manifest["files"].values())
