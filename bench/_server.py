"""Start Guozhen under gunicorn on a scratch SQLite database, for the benchmarks in this folder."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_env(workdir: Path, **extra: str) -> dict[str, str]:
    """Environment for a DEBUG-off site on its own SQLite file and media folder."""
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SQLITE_PATH=str(workdir / "bench.sqlite3"),
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        DJANGO_SERVE_MEDIA="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 2):
    """Run gunicorn on a free 127.0.0.1 port; yield the base URL; stop it afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer /healthz within 10 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def demo_site(**extra: str):
    """A scratch site with the demo content, served by gunicorn; yields (base_url, env)."""
    with tempfile.TemporaryDirectory(prefix="guozhen-bench-") as tmp:
        env = scratch_env(Path(tmp), **extra)
        print("Preparing a scratch database with the demo stories...", file=sys.stderr)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--no-accounts")
        with gunicorn(env) as base:
            yield base, env
