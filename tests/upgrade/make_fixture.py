"""Regenerate ``tests/upgrade/demo.sqlite3``: the demo site under today's schema, vacuumed.

    .venv/bin/python tests/upgrade/make_fixture.py

Run it only when you mean to move the upgrade test's starting point to the current schema (for
example after a release); otherwise keep the committed file, so every new migration is tried on a
database made before it. Media files are not kept (the test checks the rows and the pages that
need no file).
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = Path(__file__).resolve().parent / "demo.sqlite3"


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="guozhen-upgrade-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_SQLITE_PATH=str(folder / "db.sqlite3"),
            DJANGO_MEDIA_ROOT=str(folder / "media"),
        )
        for args in (["migrate", "--noinput", "-v0"], ["load_demo", "--no-accounts"]):
            subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
        db = sqlite3.connect(folder / "db.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("DELETE FROM django_session")
        db.execute("VACUUM")
        db.close()
        shutil.copyfile(folder / "db.sqlite3", FIXTURE)
        print(f"Wrote {FIXTURE} ({FIXTURE.stat().st_size:,} bytes).")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
