"""manage.py backup / restore on real SQLite sites in subprocesses: same pages after a restore, a
consistent copy while an editor writes, and refusals that write nothing."""

import json
import sqlite3
import tarfile
import time
from pathlib import Path

import pytest

from tests.operations.sites import Site, in_sqlite_pass

pytestmark = [pytest.mark.slow, in_sqlite_pass]

# An editor saving continuously: each transaction adds a draft and moves a counter, so a backup
# that caught half a transaction would show a story without its tag or a counter out of step.
WRITER = """
import itertools, pathlib, sys
from django.db import transaction
from articles.models import Article, Section, Tag
section, _ = Section.objects.get_or_create(slug="writer", defaults={"name_en": "Writer", "position": 0})
tag, _ = Tag.objects.get_or_create(slug="writer-tag", defaults={"name_en": "Writer tag"})
stop = pathlib.Path("STOP_FILE")
for n in itertools.count(1):
    with transaction.atomic():
        article = Article.objects.create(slug=f"w-{n}", title_en=f"Writer story {n}", section=section,
                                         body_en="Text.", status="draft")
        article.tags.set([tag])
        Section.objects.filter(pk=section.pk).update(position=n)
    if stop.exists():
        print(n, flush=True)
        break
"""


def count(site: Site, where: str = "") -> int:
    """How many stories the site holds (matching the ``filter()`` arguments in ``where``)."""
    code = f"from articles.models import Article; print(Article.objects.filter({where}).count())"
    return int(site.python(code))


def edit_demo(site: Site) -> None:
    """A few edits beyond the demo: a renamed tag, a story's new English, a translator's Chinese."""
    site.python(
        "from articles.models import Article, Tag\n"
        "t = Tag.objects.order_by('slug').first(); t.name_en = t.name_en + ' (renamed)'; t.save()\n"
        "a = Article.objects.published().order_by('slug').first()\n"
        "a.title_en = a.title_en + ' updated'; a.save()\n"
        "b = Article.objects.published().order_by('-slug').first()\n"
        "b.dek_zh_hans = '译者修改后的摘要。'; b.save()\n"
    )


def test_a_restored_site_serves_the_same_pages_and_files(demo, empty_site, tmp_path):
    edit_demo(demo)
    backup = tmp_path / "site.tar"
    result = demo.manage("backup", str(backup))
    assert "Backing up: 100%" in result.stderr
    assert "Backed up 10 stories" in result.stdout

    restored = empty_site.manage("restore", str(backup))
    assert "Checking: 100%" in restored.stderr and "Restored 10 stories" in restored.stdout

    before, after = demo.snapshot(), empty_site.snapshot()
    assert after["pages"] == before["pages"]
    statuses = [status for status, _, _ in before["pages"].values()]
    assert statuses.count(200) > 40  # home, stories, sections, tags, feeds, searches: both languages
    stories = [page for url, page in before["pages"].items() if "/stories/" in url and page[0] == 200]
    assert stories and all(etag for _, _, etag in stories)
    assert "/en/stories/" in "".join(before["pages"]) and "/zh-hans/tags/" in "".join(before["pages"])
    assert empty_site.media_files() == demo.media_files() and demo.media_files()
    for name in demo.media_files():
        assert (empty_site.media / name).read_bytes() == (demo.media / name).read_bytes()


def test_the_manifest_names_schema_counts_and_every_file(demo, tmp_path):
    backup = tmp_path / "site.tar"
    demo.manage("backup", str(backup))
    with tarfile.open(backup) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "db.sqlite3" and names[-1] == "manifest.json"
    assert manifest["format"] == "guozhen.backup" and manifest["version"] == 1
    newest = max(p.stem for p in Path("articles/migrations").glob("0*.py"))
    assert manifest["schema"]["articles"] == newest  # the newest migration the site has applied
    assert manifest["counts"]["articles_article"] == 10 and manifest["counts"]["articles_articleimage"] == 12
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    assert all(len(item["sha256"]) == 64 for item in manifest["files"].values())
    assert manifest["missing_media"] == []
    assert not list(tmp_path.glob(".site.tar.*"))  # no temporary files left beside it


def test_a_backup_taken_while_an_editor_writes_is_consistent(demo, empty_site, tmp_path):
    stop = tmp_path / "stop"
    writer = demo.popen("shell", "--no-imports", "-c", WRITER.replace("STOP_FILE", str(stop)))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and count(demo, "slug__startswith='w-'") < 3:
            time.sleep(0.2)
        backup = tmp_path / "busy.tar"
        demo.manage("backup", str(backup))
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    written = int(out.split()[-1])

    empty_site.manage("restore", str(backup))
    with sqlite3.connect(empty_site.db) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stories = db.execute("SELECT COUNT(*) FROM articles_article WHERE slug LIKE 'w-%'").fetchone()[0]
        counter = db.execute("SELECT position FROM articles_section WHERE slug = 'writer'").fetchone()[0]
        untagged = db.execute(
            "SELECT COUNT(*) FROM articles_article a WHERE slug LIKE 'w-%' AND NOT EXISTS "
            "(SELECT 1 FROM articles_taggedarticle t WHERE t.content_object_id = a.id)"
        ).fetchone()[0]
    db.close()
    assert 3 <= stories < written  # writes went on before and after the copy's instant
    assert counter == stories and untagged == 0
    with tarfile.open(backup) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["counts"]["articles_article"] == 10 + stories


def damaged(backup, tmp_path, how: str):
    data = bytearray(backup.read_bytes())
    if how == "truncated":
        return _write(tmp_path / "cut.tar", data[: len(data) // 2])
    with tarfile.open(backup) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/originals/"))
    data[member.offset_data + 100] ^= 0xFF
    return _write(tmp_path / "flipped.tar", data)


def _write(path, data):
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("flipped", "does not match its checksum in the manifest: the backup is damaged; nothing was"),
        ("truncated", "nothing was restored"),
    ],
)
def test_a_damaged_backup_is_refused_and_nothing_is_written(demo, empty_site, tmp_path, how, message):
    backup = tmp_path / "site.tar"
    demo.manage("backup", str(backup))
    bad = damaged(backup, tmp_path, how)
    before = empty_site.db.read_bytes()
    result = empty_site.manage("restore", str(bad), check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert empty_site.media_files() == {}
    assert empty_site.db.read_bytes() == before
    assert count(empty_site) == 0
    assert "Restored" not in result.stdout


def test_restore_refuses_a_site_that_is_not_empty(demo, tmp_path):
    backup = tmp_path / "site.tar"
    demo.manage("backup", str(backup))
    other = demo.copy_to(tmp_path / "other")
    other.python("from articles.models import Article; Article.objects.filter(slug__startswith='a').delete()")
    result = other.manage("restore", str(backup), check=False)
    assert result.returncode == 1 and "The site is not empty (" in result.stderr
    # The same backup on the site it came from: already there, nothing to do.
    again = demo.manage("restore", str(backup))
    assert "already holds" in again.stdout


def test_a_backup_made_by_a_newer_schema_is_refused(demo, empty_site, tmp_path):
    demo.python(
        "from django.db import connection\n"
        'with connection.cursor() as c: c.execute("INSERT INTO django_migrations (app, name, applied) '
        "VALUES ('articles', '9999_from_the_future', '2030-01-01')\")"
    )
    backup = tmp_path / "future.tar"
    demo.manage("backup", str(backup))
    result = empty_site.manage("restore", str(backup), check=False)
    assert result.returncode == 1
    assert "made by a newer Guozhen (migration articles.9999_from_the_future" in result.stderr
    assert empty_site.media_files() == {}


def test_backup_refuses_to_overwrite_and_explains_postgresql(demo, tmp_path):
    existing = tmp_path / "exists.tar"
    existing.write_text("keep me")
    result = demo.manage("backup", str(existing), check=False)
    assert result.returncode == 1 and "already exists" in result.stderr
    assert existing.read_text() == "keep me"
