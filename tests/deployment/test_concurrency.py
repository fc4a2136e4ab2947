"""SQLite under concurrency: 4 writer and 4 reader processes on one database file, for a few seconds.

The settings run SQLite in WAL mode with ``transaction_mode="IMMEDIATE"`` and a 20 s busy timeout,
so writers queue for the write lock at BEGIN instead of failing half-way with "database is locked".
Each writer creates stories (with tags, published through the service, so with a revision) and
bumps one shared story's version; readers list published stories. The run must end with zero
errors and every write present, including every one of the shared story's version bumps.

The workers are this module run as a script
(``python -m tests.deployment.test_concurrency writer 0 <dir> <secs>``).
They wait at a barrier (a "go" file in ``<dir>``) until all eight have started Django, so a busy
machine shortens nobody's run.
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
WRITERS, READERS, SECONDS = 4, 4, 3.0
SHARED = "shared-counter-story"


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _seed() -> None:
    from articles.models import Article, Section, Tag

    section = Section.objects.create(slug="wire", name_en="Wire", name_zh_hans="快讯")
    Tag.objects.create(slug="load", name_en="Load", name_zh_hans="负载")
    Article.objects.create(
        slug=SHARED, section=section, title_en="Shared counter", dek_en="d", body_en="b", status="draft"
    )


def _writer(index: int, deadline: float) -> dict:
    from django.db import OperationalError, transaction

    from articles import services
    from articles.models import Article, Section, Tag

    section, tag = Section.objects.get(slug="wire"), Tag.objects.get(slug="load")
    result = {"slugs": [], "bumps": 0, "locked": 0, "errors": []}
    n = 0
    while time.time() < deadline:
        n += 1
        try:
            slug = f"w{index}-{n}"
            with transaction.atomic():
                article = Article.objects.create(
                    slug=slug, section=section, title_en=f"Writer {index} story {n}", dek_en="d", body_en="b"
                )
                article.tags.set([tag])
            services.publish_article(article=article)
            result["slugs"].append(slug)
            shared = Article.objects.get(slug=SHARED)
            (services.publish_article if n % 2 else services.unpublish_article)(article=shared)
            result["bumps"] += 1
        except OperationalError as exc:
            key = "locked" if "locked" in str(exc) else "errors"
            result[key] = result[key] + 1 if key == "locked" else [*result[key], str(exc)]
    return result


def _reader(deadline: float) -> dict:
    from django.db import OperationalError

    from articles.models import Article

    result = {"reads": 0, "locked": 0, "errors": []}
    while time.time() < deadline:
        try:
            list(Article.objects.published().with_listing_data()[:20])
            Article.objects.count()
            result["reads"] += 1
        except OperationalError as exc:
            if "locked" in str(exc):
                result["locked"] += 1
            else:
                result["errors"].append(str(exc))
    return result


@pytest.mark.slow
def test_four_writers_and_four_readers_on_a_sqlite_file(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SQLITE_PATH": str(tmp_path / "concurrency.sqlite3"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DATABASE_URL", None)  # this test is about SQLite, whatever the suite runs on
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    subprocess.run(
        [sys.executable, "-m", "tests.deployment.test_concurrency", "seed"], cwd=BASE_DIR, env=env, check=True
    )

    roles = [("writer", i) for i in range(WRITERS)] + [("reader", i) for i in range(READERS)]
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.deployment.test_concurrency",
                role,
                str(i),
                str(barrier),
                str(SECONDS),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role, i in roles
    ]
    waited = time.time()
    while len(list(barrier.glob("ready-*"))) < len(roles):
        assert time.time() - waited < 120 and all(p.poll() is None for p in processes), (
            "workers did not start"
        )
        time.sleep(0.05)
    (barrier / "go").write_text("go")
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    writers, readers = results[:WRITERS], results[WRITERS:]

    locked = sum(r["locked"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    written = [slug for r in writers for slug in r["slugs"]]
    bumps = sum(r["bumps"] for r in writers)
    with sqlite3.connect(tmp_path / "concurrency.sqlite3") as db:
        stored = {row[0] for row in db.execute("SELECT slug FROM articles_article")}
        shared_version = db.execute(
            "SELECT version FROM articles_article WHERE slug = ?", [SHARED]
        ).fetchone()[0]
        published = db.execute("SELECT COUNT(*) FROM articles_article WHERE status = 'published'").fetchone()[
            0
        ]
        revisions = db.execute("SELECT COUNT(*) FROM reversion_revision").fetchone()[0]
    print(
        f"\nSQLite, {WRITERS} writers + {READERS} readers, {SECONDS:.0f} s: {len(written)} stories created "
        f"and published + {bumps} shared-story updates = {(2 * len(written) + bumps) / SECONDS:.0f} "
        f"write transactions/s; {sum(r['reads'] for r in readers) / SECONDS:.0f} reads/s; "
        f"{locked} 'database is locked' errors; {len(errors)} other errors."
    )
    assert locked == 0 and errors == []
    assert written and set(written) <= stored  # every write is there
    assert shared_version == 1 + bumps  # no lost update among the concurrent version bumps
    assert published >= len(written) and revisions >= len(written) + bumps
    assert all(r["reads"] > 0 for r in readers)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_admin_saves_of_one_version_let_exactly_one_through():
    """The check and the increment are one atomic step: two saves racing from the same version
    cannot both pass. PostgreSQL runs them truly in parallel (row lock); SQLite's writer lock is
    covered by the multi-process test above."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from articles.models import Article
    from tests.factories import make_article, make_superuser, scrape_form

    if connection.vendor != "postgresql":
        pytest.skip("threads on SQLite's shared in-memory test database do not model real writers")
    article = make_article(title_en="Race for the headline")
    url = reverse("admin:articles_article_change", args=[article.pk])
    clients = []
    for name in ("ann", "ben"):
        client = Client()
        client.force_login(make_superuser(name))
        clients.append((client, scrape_form(client.get(url).content.decode())))
    barrier, statuses = threading.Barrier(2), []

    def save(client, data, title):
        barrier.wait()
        statuses.append(client.post(url, {**data, "title_en": title}).status_code)
        connection.close()

    threads = [
        threading.Thread(target=save, args=(client, data, f"Headline by {n}"))
        for n, (client, data) in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 302]  # one saved, one was told about the conflict
    assert Article.objects.get(pk=article.pk).version == 2


if __name__ == "__main__":
    role = sys.argv[1]
    _setup_django()
    if role == "seed":
        _seed()
    else:
        barrier, seconds = Path(sys.argv[3]), float(sys.argv[4])
        (barrier / f"ready-{role}-{sys.argv[2]}").touch()
        while not (barrier / "go").exists():
            time.sleep(0.01)
        deadline = time.time() + seconds
        outcome = _writer(int(sys.argv[2]), deadline) if role == "writer" else _reader(deadline)
        print(json.dumps(outcome))
