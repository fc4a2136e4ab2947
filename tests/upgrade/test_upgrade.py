"""Every migration is tried on real data: the committed demo database (``demo.sqlite3``, made by
``make_fixture.py`` under an earlier schema) is migrated to this code's schema, and its content
must have survived."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from articles.demo import content
from tests.operations.sites import Site, in_sqlite_pass

pytestmark = [pytest.mark.slow, in_sqlite_pass]

FIXTURE = Path(__file__).resolve().parent / "demo.sqlite3"


def rows(db_path, sql):
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_the_demo_database_migrates_to_the_current_schema_with_its_content(tmp_path):
    site = Site(tmp_path / "upgraded")
    shutil.copyfile(FIXTURE, site.db)
    before = rows(site.db, "SELECT app, name FROM django_migrations")

    result = site.manage("migrate", "--noinput")
    plan = site.manage("showmigrations", "--plan").stdout
    assert "[ ]" not in plan and "[X]  articles.0004_drop_cjk_trigram_index" in plan
    assert len(rows(site.db, "SELECT app, name FROM django_migrations")) >= len(before)
    assert "Traceback" not in result.stderr

    stories = dict(rows(site.db, "SELECT slug, title_zh_hans FROM articles_article"))
    assert stories == {story["slug"]: story["title_zh_hans"] for story in content.STORIES}
    english = dict(rows(site.db, "SELECT slug, body_en FROM articles_article"))
    assert all(english[story["slug"]] == story["body_en"] for story in content.STORIES)
    images = rows(site.db, "SELECT COUNT(*), COUNT(NULLIF(renditions, '{}')) FROM articles_articleimage")
    assert images == [(sum(len(s["images"]) for s in content.STORIES),) * 2]
    sources = rows(
        site.db, "SELECT translation_sources FROM articles_article WHERE translation_sources != '{}'"
    )
    assert len(sources) == len(content.STORIES)
    tags = {slug for (slug,) in rows(site.db, "SELECT slug FROM articles_tag")}
    assert tags == {tag["slug"] for tag in content.TAGS}

    # The upgraded site works: pages, the search index, the translation state.
    snapshot = site.snapshot(state=True)
    published = [s["slug"] for s in content.STORIES if (s["published_hours_ago"] or 0) > 0]
    draft = next(s["slug"] for s in content.STORIES if s["status"] == "draft")
    assert snapshot["pages"][f"/en/stories/{draft}/"][0] == 404
    for slug in published:
        assert snapshot["pages"][f"/en/stories/{slug}/"][0] == 200
        assert snapshot["pages"][f"/zh-hans/stories/{slug}/"][0] == 200
    assert snapshot["pages"]["/zh-hans/search/?q=芯片"][0] == 200
    states = {
        state for story in snapshot["state"]["stories"].values() for state in story["translation"].values()
    }
    assert states == {"done", "missing"}  # the demo leaves one translation to do; nothing went stale
    site.manage("rebuild_search_index", "--no-progress")
