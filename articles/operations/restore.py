"""Restore a backup made by ``manage.py backup`` onto an empty SQLite site, after checking all of it.

Order, so that a refusal writes nothing and a crash at any point leaves a working site:

1. every file in the tar is read and checked against the manifest (size and SHA-256), the
   manifest against the tar's contents, and the backup's schema against this code's migrations;
2. the site must be empty (only what ``migrate`` creates) and no media file may differ;
3. media files are written, each to a temporary name and renamed into place;
4. the database is written last, through SQLite's backup API into the site's own connection:
   one transaction, so until it commits the site is the empty site it was, and after it the
   restored one. Run again after a crash, the command skips what is in place and finishes.
"""

import json as _json
import os
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.caching.pages import bump_generation
from articles.operations.backup import local_media_root
from articles.operations.manifest import (
    CHUNK,
    DATABASE,
    FORMAT,
    MADE_BY_MIGRATE,
    MANIFEST,
    MEDIA_PREFIX,
    VERSION,
    BackupError,
    file_digest,
    known_migrations,
    model_tables,
)

PAGES_PER_STEP = 64  # 256 KB a step: a progress bar that moves; still one transaction


@dataclass
class RestoreResult:
    manifest: dict
    already_restored: bool = False
    media_written: int = 0
    media_kept: int = 0
    needs_migrate: bool = False


def _open(path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path} is not a Guozhen backup (not a tar file: {exc}).") from None


def _safe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return not PurePosixPath(name).is_absolute() and ".." not in parts and bool(parts)


def _members(tar: tarfile.TarFile, path) -> dict[str, tarfile.TarInfo]:
    try:
        members = tar.getmembers()
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path} is damaged or cut short ({exc}); nothing was restored.") from None
    found = {}
    for member in members:
        if not member.isfile() or not _safe(member.name):
            raise BackupError(f"{path} holds an unexpected entry {member.name!r}; nothing was restored.")
        found[member.name] = member
    return found


def _manifest(tar: tarfile.TarFile, members: dict, path) -> dict:
    if MANIFEST not in members:
        raise BackupError(
            f"{path} has no {MANIFEST}: the backup is incomplete (cut short?) or not a Guozhen "
            "backup; nothing was restored."
        )
    try:
        manifest = _json.loads(tar.extractfile(members[MANIFEST]).read().decode("utf-8"))
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"{path}: {MANIFEST} is damaged ({exc}); nothing was restored.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Guozhen backup ({MANIFEST} has another format).")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{path} is a backup of format version {manifest.get('version')}; this Guozhen reads "
            f"version {VERSION}."
        )
    return manifest


def check_backup(path, *, progress=None) -> dict:
    """Read the whole backup and check it against its manifest; return the manifest. Writes nothing."""
    with _open(path) as tar:
        members = _members(tar, path)
        manifest = _manifest(tar, members, path)
        listed = manifest.get("files") or {}
        if DATABASE not in listed:
            raise BackupError(f"{path}: the manifest lists no database; nothing was restored.")
        if missing := sorted(set(listed) - set(members)):
            raise BackupError(f"{path} lacks {missing[0]} (listed in the manifest); nothing was restored.")
        if extra := sorted(set(members) - set(listed) - {MANIFEST}):
            raise BackupError(f"{path} holds {extra[0]}, which the manifest does not list.")
        bar = progress(sum(item["size"] for item in listed.values()), "Checking") if progress else None
        try:
            for name, expected in sorted(listed.items()):
                try:
                    size, digest = file_digest(tar.extractfile(members[name]), on_bytes=bar and bar.update)
                except (tarfile.TarError, EOFError, OSError) as exc:
                    raise BackupError(f"{path}: {name} is damaged or cut short ({exc}).") from None
                if (size, digest) != (expected["size"], expected["sha256"]):
                    raise BackupError(
                        f"{path}: {name} does not match its checksum in the manifest: the backup is "
                        "damaged; nothing was restored."
                    )
        finally:
            if bar:
                bar.close()
    known = known_migrations()
    for app, name in sorted((manifest.get("schema") or {}).items()):
        if (app, name) not in known:
            raise BackupError(
                f"The backup was made by a newer Guozhen (migration {app}.{name} is unknown here): "
                "upgrade the code first; nothing was restored."
            )
    return manifest


def site_counts() -> dict[str, int]:
    """Rows in every table of this site except those ``migrate`` fills itself."""
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in model_tables():
            if table in existing and table not in MADE_BY_MIGRATE:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
    return counts


def _media_plan(manifest: dict) -> dict[str, bool]:
    """``{media name: already in place}``; refuse when a file of the same name differs."""
    plan = {}
    for name, expected in sorted(manifest["files"].items()):
        if not name.startswith(MEDIA_PREFIX):
            continue
        stored = name.removeprefix(MEDIA_PREFIX)
        present = default_storage.exists(stored)
        if present:
            with default_storage.open(stored, "rb") as handle:
                if file_digest(handle)[1] != expected["sha256"]:
                    raise BackupError(
                        f"The media folder is not empty: {stored} exists with other content. Restore "
                        "onto an empty site; nothing was restored."
                    )
        plan[stored] = present
    return plan


def _write_media(stored: str, source, root: Path | None) -> None:
    if root is None:  # S3 and other storages: each upload is atomic
        default_storage.save(stored, source)
        return
    target = root / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.restore-part")  # the same name on a re-run
    with part.open("wb") as out:
        while chunk := source.read(CHUNK):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, target)


def _restore_database(db_file: Path, on_pages=None) -> None:
    """Copy the checked database into the site's, in one SQLite transaction (the backup API)."""
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(db_file)
    try:

        def report(status, remaining, total):
            if on_pages:
                on_pages(total - remaining, total)

        source.backup(connection.connection, pages=PAGES_PER_STEP, progress=report)
    finally:
        source.close()
        connection.close()


def restore_backup(path, *, progress=None) -> RestoreResult:
    """Check ``path`` and restore it onto this (empty) site; raise BackupError, writing nothing, if not.

    ``progress(total_bytes, description)`` may return a progress bar (``update(n)``, ``close()``).
    """
    if connection.vendor != "sqlite":
        raise BackupError(
            "restore puts a backup onto a SQLite site. To go to PostgreSQL, restore onto SQLite and "
            "run manage.py move_site --to DATABASE_URL."
        )
    manifest = check_backup(path, progress=progress)
    result = RestoreResult(manifest)
    counts = site_counts()
    if any(counts.values()):
        wanted = {t: n for t, n in manifest["counts"].items() if t not in MADE_BY_MIGRATE and t in counts}
        if wanted == {t: counts[t] for t in wanted}:
            bump_generation()  # a crash after the database step may have left stale pages cached
            result.already_restored = True
            return result
        busy = ", ".join(f"{t} ({n})" for t, n in counts.items() if n)
        raise BackupError(
            f"The site is not empty ({busy}). Restore onto an empty site; nothing was restored."
        )
    plan = _media_plan(manifest)
    root = local_media_root()
    files = manifest["files"]
    bar = progress(sum(item["size"] for item in files.values()), "Restoring") if progress else None
    workdir = Path(tempfile.mkdtemp(prefix=".guozhen-restore-", dir=_database_folder()))
    try:
        with _open(path) as tar:
            members = _members(tar, path)
            for stored, present in plan.items():
                member = members[MEDIA_PREFIX + stored]
                if present:
                    result.media_kept += 1
                else:
                    _write_media(stored, tar.extractfile(member), root)
                    result.media_written += 1
                if bar:
                    bar.update(member.size)
            db_file = workdir / DATABASE
            with db_file.open("wb") as out:
                size, digest = file_digest(_Tee(tar.extractfile(members[DATABASE]), out))
            if digest != files[DATABASE]["sha256"]:
                raise BackupError(f"{path}: the database changed while it was being restored.")
        page_size = [0]

        def on_pages(copied, total):
            if bar:
                step = size * copied // max(total, 1)
                bar.update(step - page_size[0])
                page_size[0] = step

        _restore_database(db_file, on_pages)
    finally:
        if bar:
            bar.close()
        for leftover in workdir.glob("*"):
            leftover.unlink(missing_ok=True)
        workdir.rmdir()
    bump_generation()
    executor = MigrationExecutor(connection)
    result.needs_migrate = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return result


class _Tee:
    """Read from ``source`` and write what was read to ``out``."""

    def __init__(self, source, out):
        self.source, self.out = source, out

    def read(self, n=-1):
        chunk = self.source.read(n)
        self.out.write(chunk)
        return chunk


def _database_folder() -> str:
    name = str(connection.settings_dict["NAME"])
    folder = Path(name).parent if name and not name.startswith((":memory:", "file:")) else None
    return str(folder) if folder and folder.is_dir() else tempfile.gettempdir()
