"""SIGKILL in the middle of import_stories, regenerate_renditions, rebuild_search_index and restore:
the site still serves its pages without an error, and the same command run again finishes the job.

Each command is killed at several points, chosen by what it has written so far (files stored,
write-ahead log grown), so the kill lands inside the work whatever the machine's speed.
"""

import signal
import time

import pytest

from tests.operations.sites import Site, in_sqlite_pass

pytestmark = [pytest.mark.slow, in_sqlite_pass]


def kill_when(process, condition, timeout: float = 120) -> None:
    """SIGKILL ``process`` as soon as ``condition()`` holds; fail if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(
                f"the command finished before the kill point (rc {process.returncode}):\n{err[-2000:]}"
            )
        if condition():
            process.send_signal(signal.SIGKILL)
            process.communicate()
            assert process.returncode == -signal.SIGKILL
            return
        time.sleep(0.005)
    process.kill()
    pytest.fail("the kill point was never reached")


def files_under(folder) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def wal_size(site: Site) -> int:
    wal = site.db.with_name(site.db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def assert_serves_pages(site: Site) -> dict:
    pages = site.snapshot(published_only=True)["pages"]
    statuses = {url: status for url, (status, _, _) in pages.items()}
    assert statuses["/en/"] == 200 and statuses["/zh-hans/"] == 200
    assert set(statuses.values()) <= {200, 404}, {u: s for u, s in statuses.items() if s not in (200, 404)}
    return pages


@pytest.fixture(scope="module")
def demo_archive(demo_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "demo.zip"
    demo_template.manage("export_stories", str(path))
    return path


@pytest.mark.parametrize("stored", [1, 5, 10])
def test_import_killed_midway_then_run_again(empty_site, demo_archive, stored):
    originals = empty_site.media / "originals"
    kill_when(empty_site.popen("import_stories", str(demo_archive)), lambda: files_under(originals) >= stored)
    assert_serves_pages(empty_site)  # the import is one transaction: the site is as it was
    result = empty_site.manage("import_stories", str(demo_archive))
    assert "Stories: 10 created, 0 updated, 0 unchanged." in result.stdout
    pages = assert_serves_pages(empty_site)
    assert sum(1 for url, page in pages.items() if "/stories/" in url and page[0] == 200) == 16


@pytest.mark.parametrize("written", [1, 40, 80])
def test_regenerate_renditions_killed_midway_then_run_again(demo, written):
    before = assert_serves_pages(demo)
    renditions = demo.media / "renditions"
    old = set(renditions.rglob("*"))

    def new_files() -> int:  # each image's new files are written before its old ones are removed
        return len(set(renditions.rglob("*")) - old)

    kill_when(demo.popen("regenerate_renditions", "--force"), lambda: new_files() >= written)
    assert_serves_pages(demo)
    demo.manage("regenerate_renditions")  # finishes: rebuilds whatever a crash left incomplete
    again = demo.manage("regenerate_renditions")
    assert "0 rebuilt, 12 already complete, 0 failed, of 12 images." in again.stdout
    after = assert_serves_pages(demo)
    assert after.keys() == before.keys()


GENERATE = """
from articles.models import Article, Section
section = Section.objects.order_by("slug").first()
Article.objects.bulk_create(
    Article(slug=f"bulk-{n}", title_en=f"Bulk story {n} about quantum widgets", title_zh_hans=f"批量报道{n}",
            body_en="Widgets and gadgets. " * 40, section=section, status="draft")
    for n in range(3000)
)
"""


@pytest.fixture(scope="module")
def big_site(demo_template, tmp_path_factory) -> Site:
    """The demo plus 3,000 stories written with bulk_create (not yet in the search index)."""
    site = demo_template.copy_to(tmp_path_factory.mktemp("big") / "site")
    site.python(GENERATE)
    return site


@pytest.mark.parametrize("grown", [64_000, 1_000_000, 3_000_000])
def test_rebuild_search_index_killed_midway_then_run_again(big_site, tmp_path, grown):
    site = big_site.copy_to(tmp_path / "site")
    search = "/en/search/?q=TSMC"
    before = assert_serves_pages(site)
    start = wal_size(site)
    kill_when(
        site.popen("rebuild_search_index", "--batch-size", "100"), lambda: wal_size(site) >= start + grown
    )
    assert assert_serves_pages(site)[search] == before[search]  # the old documents stay searchable
    result = site.manage("rebuild_search_index", "--batch-size", "100")
    assert "Indexed 3010 stories." in result.stdout
    found = site.python(
        "from articles.search.backends import get_backend; print(len(get_backend().indexed_ids()))"
    )
    assert found.strip() == "3010"


@pytest.mark.parametrize("point", ["first media file", "half the media", "database"])
def test_restore_killed_midway_then_run_again(demo, empty_site, tmp_path, point):
    backup = tmp_path / "site.tar"
    demo.manage("backup", str(backup))
    original = demo.snapshot()["pages"]
    start = wal_size(empty_site)
    conditions = {
        "first media file": lambda: files_under(empty_site.media) >= 1,
        "half the media": lambda: files_under(empty_site.media) >= 60,
        "database": lambda: wal_size(empty_site) > start + 64_000,
    }
    kill_when(empty_site.popen("restore", str(backup)), conditions[point])
    assert_serves_pages(empty_site)
    result = empty_site.manage("restore", str(backup))
    # Killed before the database step commits, the site is still empty and the run restores it;
    # killed just after, it already holds the backup.
    assert "Restored 10 stories" in result.stdout or "already holds" in result.stdout
    assert empty_site.snapshot()["pages"] == original
