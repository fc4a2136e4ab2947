"""Scratch Guozhen sites in folders of their own, driven through manage.py in subprocesses."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

# These tests build their own sites in subprocesses, whatever database the suite runs on, so
# `make test` runs each of them in one of its two passes only: the SQLite sites in the SQLite pass,
# the moves to (and backups of) PostgreSQL in the PostgreSQL pass.
_POSTGRES_PASS = os.environ.get("DATABASE_URL", "").startswith("postgres")
in_sqlite_pass = pytest.mark.skipif(_POSTGRES_PASS, reason="scratch SQLite sites: run in the SQLite pass")
in_postgres_pass = pytest.mark.skipif(
    not _POSTGRES_PASS, reason="scratch PostgreSQL databases: run in the PostgreSQL pass"
)


class Site:
    """A site: its SQLite file (or DATABASE_URL) and media folder, and the commands run on it."""

    def __init__(self, folder: Path, database_url: str | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db = self.folder / "db.sqlite3"
        self.media = self.folder / "media"
        self.database_url = database_url

    def env(self, **extra) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_SQLITE_PATH=str(self.db),
            DJANGO_MEDIA_ROOT=str(self.media),
            DJANGO_PAGE_CACHE="0",
            PYTHONUNBUFFERED="1",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        env.update(extra)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "manage.py", *args]

    def manage(self, *args: str, check: bool = True, timeout: int = 300, **env):
        env = self.env(**env)
        command = self.command(*args)
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def popen(self, *args: str, **env) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args),
            cwd=ROOT,
            env=self.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def python(self, code: str, **env) -> str:
        """Run Python in the site's Django (``manage.py shell -c``); return what it printed."""
        return self.manage("shell", "--no-imports", "-c", code, **env).stdout

    def snapshot(self, *, state: bool = False, logins: dict | None = None, published_only=False) -> dict:
        args = [sys.executable, "-m", "tests.operations.snapshot", *(["--state"] if state else [])]
        env = self.env(SNAPSHOT_LOGINS=json.dumps(logins or {}))
        if published_only:
            env["SNAPSHOT_PUBLISHED_ONLY"] = "1"
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def media_files(self) -> dict[str, int]:
        if not self.media.is_dir():
            return {}
        files = [p for p in self.media.rglob("*") if p.is_file()]
        return {p.relative_to(self.media).as_posix(): p.stat().st_size for p in files}

    def copy_to(self, folder: Path) -> "Site":
        """A copy of this (stopped) SQLite site."""
        copy = Site(folder)
        shutil.copy2(self.db, copy.db)
        if self.media.is_dir():
            shutil.copytree(self.media, copy.media)
        return copy


def demo_site(folder: Path) -> Site:
    site = Site(folder)
    site.manage("migrate", "--noinput", "-v0")
    site.manage("load_demo", "--no-accounts")
    return site
