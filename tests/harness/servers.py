"""Start real gunicorn app servers (and a scratch PostgreSQL database) for tests and benchmarks."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False


class AppServer:
    """One gunicorn process (config/gunicorn.conf.py) on 127.0.0.1 with the given environment."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, log: Path, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": "",  # keep the benchmark's numbers about Django, not logging
        }
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "AppServer":
        handle = self.log.open("ab")
        command = [GUNICORN, "-c", "config/gunicorn.conf.py", "config.wsgi"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=handle, stderr=handle)
        handle.close()
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        from tests.harness.webclient import Session

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log}:\n{self.log.read_text()[-3000:]}")
            try:
                if Session(self.url, timeout=2).get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} not healthy after {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def create_database(admin_url: str, name: str) -> str:
    """(Re)create an empty PostgreSQL database; return its DATABASE_URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def delete_redis_prefix(redis_url: str, prefix: str) -> None:
    """Remove every key a run wrote under its own key prefix (never FLUSHDB: the DB may be shared)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def base_env() -> dict[str, str]:
    """This process's environment without any Guozhen setting, for a clean production server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_", "GUNICORN_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env


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


@contextmanager
def demo_site(*, workers: int = 2, **extra: str):
    """A scratch site with the demo content, served by gunicorn; yields (base_url, env)."""
    with tempfile.TemporaryDirectory(prefix="guozhen-bench-") as tmp:
        env = scratch_env(Path(tmp), **extra)
        print("Preparing a scratch database with the demo stories...", file=sys.stderr)
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--no-accounts")
        with AppServer(env, workers=workers, log=Path(tmp) / "gunicorn.log") as server:
            yield server.url, env
