"""Two app servers (separate gunicorn processes) sharing one PostgreSQL database and one Redis.

An editor works on server A through the admin; readers on server B must see the change on their
very next request, and a scheduled story must appear on both once its time has come.
"""

import json
import os
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from tests.harness.servers import (
    AppServer,
    base_env,
    create_database,
    delete_redis_prefix,
    drop_database,
    manage,
    reachable,
)
from tests.harness.webclient import Session
from tests.production import SECRET

pytestmark = pytest.mark.slow

POSTGRES = os.environ.get("GUOZHEN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# Database 12: the suite itself uses 15 and below, one per xdist worker, and empties it per test.
REDIS = os.environ.get("GUOZHEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
PASSWORD = "a long passphrase for the multiserver editor"
TIME_ZONE = "Asia/Shanghai"

SEED = f"""
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Article, Section

get_user_model().objects.create_superuser("chief", password={PASSWORD!r})
world = Section.objects.create(slug="world", name_en="World", name_zh_hans="国际")
common = dict(section=world, dek_en="Dek.", body_en="Body.", dek_zh_hans="摘要。", body_zh_hans="正文。")
lead = Article.objects.create(title_en="Lead story before the edit", slug="lead-story", status="published",
                              published_at=timezone.now() - timedelta(hours=1), **common)
draft = Article.objects.create(title_en="Draft waiting for approval", slug="draft-story", **common)
print(json.dumps({{"lead": lead.pk, "draft": draft.pk, "section": world.pk}}))
"""


def service_or_skip(url: str, default_port: int) -> None:
    parts = urlsplit(url)
    if not reachable(parts.hostname or "127.0.0.1", parts.port or default_port):
        pytest.skip(f"{parts.scheme} at {parts.hostname}:{parts.port or default_port} is unreachable")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, production_static_root):
    service_or_skip(POSTGRES, 5432)
    service_or_skip(REDIS, 6379)
    tmp = tmp_path_factory.mktemp("multiserver")
    name = f"gz_multiserver_{os.getpid()}"
    prefix = f"gz-multiserver-{os.getpid()}"
    env = base_env() | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_TIME_ZONE": TIME_ZONE,
        "DATABASE_URL": create_database(POSTGRES, name),
        "REDIS_URL": REDIS,
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_STATIC_ROOT": str(production_static_root),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
    }
    servers = []
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        ids = json.loads(manage(env, "shell", "--no-imports", "-c", SEED).strip().splitlines()[-1])
        servers = [AppServer(env, log=tmp / f"{label}.log") for label in ("a", "b")]
        for server in servers:
            server.start()
        yield {"a": servers[0], "b": servers[1], **ids}
    finally:
        for server in servers:
            server.stop()
        drop_database(POSTGRES, name)
        delete_redis_prefix(REDIS, prefix)


def prime(*sessions: Session, paths: list[str]) -> None:
    """Fill every server's view of the shared cache and check the next request is a cache hit."""
    for session in sessions:
        for path in paths:
            assert session.get(path).status == 200
            assert session.get(path).headers.get("x-page-cache") == "hit", (session.base_url, path)


def test_edit_and_publish_on_server_a_show_on_server_b_at_once(cluster):
    a_reader, b_reader = Session(cluster["a"].url), Session(cluster["b"].url)
    editor = Session(cluster["a"].url)
    editor.admin_login("/admin/", "chief", PASSWORD)
    story = "/en/stories/lead-story/"
    prime(a_reader, b_reader, paths=["/en/", story, "/en/sections/world/"])
    assert "Draft waiting for approval" not in b_reader.get("/en/").text

    # An edit through server A's admin ...
    edited = editor.submit(
        f"/admin/articles/article/{cluster['lead']}/change/",
        "article_form",
        {"title_en": "Lead story after the edit"},
        extra=[("_save", "Save")],
    )
    assert edited.status == 302, edited.text[:2000]
    # ... is on server B on the very next request, on every page that shows it.
    for path in (story, "/en/", "/en/sections/world/"):
        page = b_reader.get(path)
        assert page.status == 200
        assert "Lead story after the edit" in page.text, path
        assert "Lead story before the edit" not in page.text, path

    # A publish through server A's admin action ...
    prime(b_reader, paths=["/en/"])
    published = editor.submit(
        "/admin/articles/article/",
        "changelist-form",
        {"action": "publish_now"},
        extra=[("_selected_action", str(cluster["draft"])), ("index", "0")],
    )
    assert published.status == 302, published.text[:2000]
    # ... shows on server B at once, and on A too.
    for reader in (b_reader, a_reader):
        assert "Draft waiting for approval" in reader.get("/en/").text
        assert reader.get("/en/stories/draft-story/").status == 200

    # The editor's own pages were never cached or marked shareable.
    own = editor.get("/en/")
    assert "x-page-cache" not in own.headers
    assert "no-store" in own.headers["cache-control"]


def test_scheduled_story_appears_on_both_servers_when_due(cluster):
    a_reader, b_reader = Session(cluster["a"].url), Session(cluster["b"].url)
    editor = Session(cluster["b"].url)
    editor.admin_login("/admin/", "chief", PASSWORD)
    due = datetime.now(ZoneInfo(TIME_ZONE)).replace(microsecond=0) + timedelta(seconds=8)
    created = editor.submit(
        "/admin/articles/article/add/",
        "article_form",
        {
            "title_en": "Scheduled briefing for later",
            "dek_en": "Out at its time.",
            "body_en": "Scheduled body.",
            "section": str(cluster["section"]),
            "status": "published",
            "published_at_0": due.strftime("%Y-%m-%d"),
            "published_at_1": due.strftime("%H:%M:%S"),
            "slug": "scheduled-briefing",
        },
        extra=[("_save", "Save")],
    )
    assert created.status == 302, created.text[:2000]

    prime(a_reader, b_reader, paths=["/en/"])  # cached, without the story, on both servers
    for reader in (a_reader, b_reader):
        assert "Scheduled briefing for later" not in reader.get("/en/").text
        assert reader.get("/en/stories/scheduled-briefing/").status == 404

    time.sleep(max(0.0, (due - datetime.now(ZoneInfo(TIME_ZONE))).total_seconds()) + 0.1)
    for reader in (a_reader, b_reader):
        assert "Scheduled briefing for later" in reader.get("/en/").text, reader.base_url
        assert reader.get("/en/stories/scheduled-briefing/").status == 200


def test_static_files_are_served_hashed_and_immutable(cluster, production_static_root):
    home = Session(cluster["a"].url).get("/en/")
    css = next(part.split('"')[0] for part in home.text.split('href="')[1:] if "/static/css/site." in part)
    assert css != "/static/css/site.css"  # the hashed name
    manifest = json.loads((production_static_root / "staticfiles.json").read_text())["paths"]
    script = "/static/" + manifest["vendor/jquery-ui/jquery-ui.min.js"]
    for path in (css, script):
        response = Session(cluster["b"].url).get(path, **{"Accept-Encoding": "gzip, br"})
        assert response.status == 200
        assert response.headers["cache-control"] == "max-age=315360000, public, immutable"
    assert response.headers["content-encoding"] == "br"


def test_healthz_checks_database_and_cache(cluster):
    for server in (cluster["a"], cluster["b"]):
        response = Session(server.url).get("/healthz")
        assert response.status == 200
        assert response.text == "ok"
        assert "no-cache" in response.headers["cache-control"]
