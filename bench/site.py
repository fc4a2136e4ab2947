"""The benchmark's site: a scratch database with demo data, its gunicorn servers, and an editor."""

import json
import os
import sys
import threading
import time
from pathlib import Path

from tests.harness.servers import (
    AppServer,
    base_env,
    create_database,
    delete_redis_prefix,
    drop_database,
    manage,
)
from tests.harness.webclient import Session, read_form

RUN = f"{os.getpid()}"
EDITOR_PASSWORD = "bench editor passphrase " + RUN

SEED = """
import json, random
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, Section, Tag

EXTRA = {extra}
random.seed(7)
sections, tags = list(Section.objects.all()), list(Tag.objects.all())
now = timezone.now()
for n in range(EXTRA):
    article = Article.objects.create(
        title_en=f"Generated benchmark story {{n:03d}} on model scaling",
        title_zh_hans=f"基准测试报道{{n:03d}}",
        dek_en="A generated story for the benchmark.", dek_zh_hans="基准测试生成的报道。",
        body_en="Paragraph one.\\n\\nParagraph two with a [link](https://example.com).",
        body_zh_hans="第一段。\\n\\n第二段。", slug=f"benchmark-story-{{n:03d}}",
        section=random.choice(sections), status="published", published_at=now - timedelta(hours=30 + n))
    article.tags.set(random.sample(tags, 3))
get_user_model().objects.create_superuser("bench-editor", password={password!r})
story = Article.objects.published().exclude(images=None).first()
tag = max(tags, key=lambda t: t.tagged_articles.count())
print(json.dumps({{"story": story.get_absolute_url(), "tag": tag.get_absolute_url(),
                  "section": sections[0].get_absolute_url(),
                  "stories": [a.pk for a in Article.objects.published()[:10]],
                  "count": Article.objects.published().count()}}))
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Site:
    """A scratch database filled with demo data, and the production environment to serve it."""

    def __init__(self, database: str, workdir: Path, args):
        self.database, self.workdir, self.args = database, workdir, args
        self.prefix = f"gz-bench-{RUN}-{database}"
        self.pg_name = f"gz_bench_{RUN}"
        env = base_env() | {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_PRODUCTION": "1",
            "DJANGO_SECRET_KEY": "bench-" + "x7Qp2Lm9" * 8,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "DJANGO_MEDIA_ROOT": str(workdir / f"media-{database}"),
            "DJANGO_SERVE_MEDIA": "0",
            "REDIS_URL": args.redis,
            "DJANGO_CACHE_PREFIX": self.prefix,
            "DJANGO_LOG_LEVEL": "ERROR",
        }
        if database == "postgres":
            env["DATABASE_URL"] = create_database(args.postgres, self.pg_name)
        else:
            env["DJANGO_SQLITE_PATH"] = str(workdir / "bench.sqlite3")
        self.env = env

    def build(self) -> dict:
        log(f"[{self.database}] migrating and loading demo content ...")
        manage(self.env, "migrate", "--noinput", "-v", "0")
        manage(self.env, "load_demo", "--no-accounts")
        seed = SEED.format(extra=self.args.stories, password=EDITOR_PASSWORD)
        info = json.loads(manage(self.env, "shell", "--no-imports", "-c", seed).strip().splitlines()[-1])
        log(f"[{self.database}] {info['count']} published stories")
        return info

    def server(self, *, page_cache: bool) -> AppServer:
        env = self.env | {"DJANGO_PAGE_CACHE": "1" if page_cache else "0"}
        label = f"{self.database}-{'cache' if page_cache else 'nocache'}"
        return AppServer(env, workers=self.args.workers, log=self.workdir / f"{label}.log")

    def close(self) -> None:
        delete_redis_prefix(self.args.redis, self.prefix)
        if self.database == "postgres":
            drop_database(self.args.postgres, self.pg_name)


def warm(server: AppServer, paths: dict[str, str], page_cache: bool) -> None:
    reader = Session(server.url)
    for _ in range(10):
        for name, path in paths.items():
            response = reader.get(path)
            if response.status != 200:
                raise RuntimeError(f"{name} {path} answered {response.status}")
    if page_cache:
        for name in ("home", "story", "tag"):
            if reader.get(paths[name]).headers.get("x-page-cache") != "hit":
                raise RuntimeError(f"{name} is not served from the page cache")


class Editor(threading.Thread):
    """Saves a story through the admin every second, then checks a reader sees the new headline."""

    def __init__(self, server: AppServer, story_ids: list[int], interval: float):
        super().__init__(daemon=True)
        self.server, self.story_ids, self.interval = server, story_ids, interval
        self.stop = threading.Event()
        self.saves = self.failures = self.stale = 0
        self.save_seconds: list[float] = []

    def run(self) -> None:
        editor = Session(self.server.url, timeout=60)
        editor.admin_login("/admin/", "bench-editor", EDITOR_PASSWORD)
        reader = Session(self.server.url, timeout=60)
        forms: dict[int, list[tuple[str, str]]] = {}
        n = 0
        next_save = time.monotonic()
        while not self.stop.is_set():
            # A save every `interval` seconds, counted from the start of the previous one.
            next_save += self.interval
            n += 1
            pk = self.story_ids[n % len(self.story_ids)]
            change = f"/admin/articles/article/{pk}/change/"
            # Open the form afresh each time, as an editor would: it carries the story's version,
            # which optimistic locking checks on save.
            forms[pk] = read_form(editor.get(change).text, "article_form")
            headline = f"Story {pk} as edited by the desk rev-{n:05d}"
            fields = [(k, headline if k == "title_en" else v) for k, v in forms[pk]] + [("_save", "1")]
            started = time.perf_counter()
            saved = editor.post(change, fields)
            self.save_seconds.append(time.perf_counter() - started)
            if saved.status != 302:
                self.failures += 1
                log(f"editor save {n} answered {saved.status}")
            else:
                self.saves += 1
                # The very next anonymous read must show the new headline: no stale page after a save.
                slug = dict(forms[pk])["slug"]
                if headline not in reader.get(f"/en/stories/{slug}/").text:
                    self.stale += 1
            self.stop.wait(max(0.0, next_save - time.monotonic()))
