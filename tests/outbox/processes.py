"""Real worker processes (``manage.py db_worker``) on a scratch database, for the crash and timing tests."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.harness.servers import ROOT, base_env, manage

# Quick retries and short claims, so a killed worker's claim runs out within seconds.
FAST = {
    "DJANGO_WEBHOOK_RETRY_BASE": "0.1",
    "DJANGO_WEBHOOK_RETRY_MAX_DELAY": "0.5",
    "DJANGO_WEBHOOK_TIMEOUT": "2",
    "DJANGO_WEBHOOK_CLAIM_MARGIN": "1",
    "DJANGO_SITE_URL": "https://news.example.org",
}


def site_env(workdir: Path, **extra: str) -> dict[str, str]:
    env = base_env() | FAST | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    env["DJANGO_SQLITE_PATH"] = str(workdir / "db.sqlite3")
    env["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    env.update(extra)
    return env


def run_python(env: dict[str, str], code: str):
    """Run ``code`` in ``manage.py shell`` against the scratch site; return the JSON it prints last."""
    out = manage(env, "shell", "-c", code, timeout=120)
    return json.loads(out.strip().splitlines()[-1])


SEED = """
import json
from articles import services
from articles.models import Section, Article, WebhookEndpoint
from django.utils import timezone
section = Section.objects.create(slug="world", name_en="World", name_zh_hans="国际")
events = ["story.published", "story.unpublished"]
hook = services.create_endpoint(endpoint=WebhookEndpoint(url={url!r}, events=events))
def story(n):
    return Article.objects.create(
        section=section, slug=f"story-{{n}}", title_en=f"Story {{n}} in order", title_zh_hans=f"第{{n}}篇",
        dek_en="Dek.", body_en="Body.", dek_zh_hans="摘要。", body_zh_hans="正文。",
    )
print(json.dumps({{"secret": hook.secret, "endpoint": hook.pk}}))
def publish_and_unpublish(count):
    for n in range(count):
        services.publish_article(article=story(n))
    for n in range(count):
        services.unpublish_article(article=Article.objects.get(slug=f"story-{{n}}"))
"""


class Worker:
    """One ``db_worker`` process on every queue, its output in a log file."""

    def __init__(self, env: dict[str, str], log: Path, name: str, *, interval: float = 0.1):
        self.env, self.log, self.name, self.interval = env, log, name, interval
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        command = [
            sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", str(self.interval),
            "--no-startup-delay", "--no-reload", "--worker-id", self.name,
        ]  # fmt: skip
        handle = self.log.open("ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=handle, stderr=handle)
        handle.close()
        return self

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
