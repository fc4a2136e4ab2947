"""Move a whole site into another, empty database (SQLite to PostgreSQL, typically).

Every row is carried with its primary key, so what points at rows by id keeps working: reversion's
recorded versions (their ``object_id`` and serialized data), sessions, tagged items, images, the
translation fingerprints in ``translation_sources``. Content types and permissions are not copied:
``migrate`` creates them on the target, and the rows that point at them (revisions, group and user
permissions, admin log) are written with natural keys. The roles' groups that ``migrate`` made are
replaced by the source's, with their ids and permissions.

Steps, each on the progress bar: refuse a target that holds any row; migrate it; ``dumpdata`` the
source to a file (``serializer.py``: times keep their microseconds); ``loaddata`` it into the
target (one transaction: a failure leaves the target empty, ready for another try); rebuild the
search index there; compare every table's row count; copy local media when asked (files on S3 stay
where they are). The target's side runs in ``manage.py`` subprocesses with ``DATABASE_URL`` set to
it, so its search backend and signals are the target's own.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from articles.operations import serializer
from articles.operations.backup import local_media_root
from articles.operations.manifest import MADE_BY_MIGRATE, BackupError, model_tables

TARGET = "move_target"
NOT_COPIED = ["contenttypes", "auth.permission"]
STEPS = ("Checking the target", "Migrating the target", "Reading this site", "Writing the target")
STEPS += ("Rebuilding the search index", "Comparing row counts", "Media")


class MoveError(BackupError):
    """The move was refused or failed; the message says why and what the target holds."""


def _same_database(a: dict, b: dict) -> bool:
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(a.get(k) or "") == str(b.get(k) or "") for k in keys)


@contextmanager
def target_connection(url: str):
    """A temporary connection alias for the target (reads and the groups' clean-up only)."""
    parsed = dj_database_url.parse(url)
    if _same_database(parsed, connection.settings_dict):
        raise MoveError("The target is this site's own database.")
    configured = connections.configure_settings({"default": dict(connection.settings_dict), TARGET: parsed})
    connections.settings[TARGET] = configured[TARGET]
    try:
        yield connections[TARGET]
    finally:
        connections[TARGET].close()
        del connections[TARGET]
        del connections.settings[TARGET]


def row_counts(conn) -> dict[str, int]:
    """Rows in each model table of ``conn`` that exists, except the tables ``migrate`` fills."""
    existing = set(conn.introspection.table_names())
    counts = {}
    with conn.cursor() as cursor:
        for table in model_tables():
            if table in existing and table not in MADE_BY_MIGRATE:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
    return counts


def _run_on_target(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise MoveError(f"manage.py {args[0]} on the target failed:\n{result.stderr.strip()[-3000:]}")
    return result.stdout


def _copy_media(destination: Path) -> int:
    root = local_media_root()
    if root is None or not root.is_dir():
        return 0
    copied = 0
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        target = destination / path.relative_to(root)
        if target.exists() and target.stat().st_size == path.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied += 1
    return copied


def move_site(url: str, *, media_to=None, progress=None) -> dict:
    """Copy every row of this site into the empty database at ``url``; return the row counts.

    ``progress(steps)`` may return a bar (``update()``, ``set_description(text)``, ``close()``).
    """
    bar = progress(len(STEPS)) if progress else None

    def step(number: int):
        if bar:
            bar.set_description(STEPS[number])
            if number:
                bar.update()

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise MoveError("This site has migrations that were not applied: run manage.py migrate first.")
    try:
        with target_connection(url) as target:
            step(0)
            if busy := {t: n for t, n in row_counts(target).items() if n}:
                listed = ", ".join(f"{t} ({n})" for t, n in sorted(busy.items()))
                raise MoveError(f"The target is not empty ({listed}); nothing was written.")
            step(1)
            _run_on_target(url, "migrate", "--noinput", "-v0")
            if any(row_counts(target).values()):
                raise MoveError("The target is not empty after migrate; nothing was written.")
            Group.objects.using(TARGET).all().delete()  # made by migrate: the source's come instead
            target.close()
            with tempfile.TemporaryDirectory(prefix="guozhen-move-") as folder:
                own, others = Path(folder) / "articles.json", Path(folder) / "others.json"
                step(2)
                # Our rows by id (articles.Tag's manager has no natural-key lookup, and nothing of
                # ours points at a content type); everyone else's with natural keys for content
                # types and permissions, whose ids the target's migrate chose.
                serializers.register_serializer(serializer.NAME, serializer.__name__)
                exact = {"format": serializer.NAME, "verbosity": 0}
                call_command("dumpdata", "articles", output=str(own), **exact)
                call_command(
                    "dumpdata",
                    **exact,
                    natural_foreign=True,
                    exclude=[*NOT_COPIED, "articles"],
                    output=str(others),
                )
                step(3)
                _run_on_target(url, "loaddata", str(own), str(others), "-v0")  # one transaction
            step(4)
            _run_on_target(url, "rebuild_search_index", "--no-progress", "-v0")
            step(5)
            source, moved = row_counts(connection), row_counts(target)
            if source != moved:
                differ = sorted(t for t in source if source[t] != moved.get(t))
                raise MoveError(f"Row counts differ after the move: {', '.join(differ)}.")
            groups = sorted(Group.objects.values_list("pk", "name"))
            if groups != sorted(Group.objects.using(TARGET).values_list("pk", "name")):
                raise MoveError("The groups differ after the move.")
        step(6)
        copied = _copy_media(Path(media_to)) if media_to else 0
        if bar:
            bar.update()
        return {"counts": source, "media_copied": copied}
    finally:
        if bar:
            bar.close()
