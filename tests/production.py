"""Helpers for tests that run Guozhen in production mode in subprocesses (manage.py, gunicorn)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = secrets.token_urlsafe(64)


def production_env(tmp_path: Path, **extra) -> dict[str, str]:
    """The environment of a production server, with no setting inherited from this shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "GUNICORN_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_PRODUCTION="1",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="news.example.com",
        DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, check: bool = True, timeout: int = 180):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def collect_static(tmp_path: Path) -> Path:
    """Run collectstatic as production does; return the folder (DJANGO_STATIC_ROOT)."""
    env = production_env(tmp_path, DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    result = manage(env, "collectstatic", "--noinput")
    assert "post-processed" in result.stdout
    return tmp_path / "static"
