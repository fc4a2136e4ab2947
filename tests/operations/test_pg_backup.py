"""The README's PostgreSQL backup recipe (pg_dump / pg_restore), run against the local server:
the restored database serves the same pages, history and translation state."""

import shutil
import subprocess

import pytest

from tests.operations.postgres import scratch_database
from tests.operations.sites import Site, in_postgres_pass

pytestmark = [pytest.mark.slow, in_postgres_pass]


def run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_pg_dump_and_pg_restore_give_the_same_site(demo, tmp_path):
    dump = tmp_path / "guozhen.dump"
    with scratch_database("ops_pg_live") as live_url, scratch_database("ops_pg_restored") as restored_url:
        demo.manage("move_site", "--to", live_url)
        live = Site(tmp_path / "live", database_url=live_url)
        live.media = restored_media = demo.media  # media stay in the bucket (here: one folder)
        before = live.snapshot(state=True)

        # The recipe, as the README gives it.
        run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", live_url)
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_url}", str(dump))

        restored = Site(tmp_path / "restored", database_url=restored_url)
        restored.media = restored_media
        after = restored.snapshot(state=True)
    assert dump.stat().st_size > 0
    assert after == before
    assert sum(1 for status, _, _ in before["pages"].values() if status == 200) > 40
    assert before["state"]["stories"]
