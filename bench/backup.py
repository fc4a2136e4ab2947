"""Backup and restore time and size: the demo site, then the demo plus 10,000 generated stories.

    .venv/bin/python bench/backup.py [--stories 10000] [--rounds 3]

Everything happens in a scratch folder (SQLite file and media folder) that is removed at the end.
For each size: a backup of the site and a restore onto a fresh migrated site, each timed (wall
clock and CPU, median of the rounds) inside a started Django, as ``manage.py backup`` and
``restore`` run them (Django's start-up, printed separately, comes on top), with the database and
backup sizes. Generated stories are text only (both
languages, three tags each, in the search index); the images are the demo's twelve.
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.operations.sites import Site  # noqa: E402

GENERATE = """
import random
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Section, Tag, TaggedArticle
random.seed(19)
sections, tags = list(Section.objects.all()), list(Tag.objects.all())
now = timezone.now()
body_en = "\\n\\n".join(["Chip makers and model labs met again this week. " * 8] * 4)
body_zh = "\\n\\n".join(["芯片制造商和模型实验室本周再次会面。" * 8] * 4)
stories = Article.objects.bulk_create(
    Article(slug=f"generated-{n:05d}", title_en=f"Generated story {n:05d} on compute supply",
            title_zh_hans=f"生成的报道{n:05d}：算力供应", dek_en="A generated story.",
            dek_zh_hans="生成的报道。",
            body_en=body_en, body_zh_hans=body_zh, section=random.choice(sections), status="published",
            published_at=now - timedelta(hours=100 + n))
    for n in range(COUNT)
)
TaggedArticle.objects.bulk_create(
    TaggedArticle(content_object=story, tag=tag) for story in stories for tag in random.sample(tags, 3)
)
"""


TIMED = """
import time
from articles.operations.{module} import {function}
wall, cpu = time.perf_counter(), time.process_time()
{function}({path!r})
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def timed(site: Site, module: str, function: str, path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the backup or restore itself, inside a started Django."""
    wall, cpu = site.python(TIMED.format(module=module, function=function, path=str(path))).split()
    return float(wall), float(cpu)


def measure(site: Site, folder: Path, rounds: int, label: str) -> dict:
    backups, restores = [], []
    for n in range(rounds):
        out = folder / f"{label}-{n}.tar"
        out.unlink(missing_ok=True)
        backups.append(timed(site, "backup", "make_backup", out))
        target = Site(folder / f"{label}-restored-{n}")
        target.manage("migrate", "--noinput", "-v0")
        restores.append(timed(target, "restore", "restore_backup", out))
        size = out.stat().st_size
        shutil.rmtree(target.folder)
        if n < rounds - 1:
            out.unlink()
    return {
        "site": label,
        "stories": int(site.python("from articles.models import Article; print(Article.objects.count())")),
        "database_bytes": site.db.stat().st_size,
        "media_files": len(site.media_files()),
        "media_bytes": sum(site.media_files().values()),
        "backup_bytes": size,
        "backup_s": round(statistics.median(w for w, _ in backups), 2),
        "backup_cpu_s": round(statistics.median(c for _, c in backups), 2),
        "restore_s": round(statistics.median(w for w, _ in restores), 2),
        "restore_cpu_s": round(statistics.median(c for _, c in restores), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="guozhen-bench-backup-"))
    try:
        site = Site(folder / "site")
        site.manage("migrate", "--noinput", "-v0")
        site.manage("load_demo", "--no-accounts")
        start = time.perf_counter()
        site.python("pass")
        startup = time.perf_counter() - start
        results = [measure(site, folder, args.rounds, "demo")]
        site.python(GENERATE.replace("COUNT", str(args.stories)))
        site.manage("rebuild_search_index", "--no-progress")
        results.append(measure(site, folder, args.rounds, f"demo+{args.stories}"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"manage.py start-up: {startup:.2f} s (not included below)")
    print("| Site | Stories | Database | Media | Backup file | backup (CPU) | restore (CPU) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['site']} | {r['stories']:,} | {r['database_bytes'] / 1e6:.1f} MB | "
            f"{r['media_files']} files, {r['media_bytes'] / 1e6:.1f} MB | {r['backup_bytes'] / 1e6:.1f} MB | "
            f"{r['backup_s']:.2f} s ({r['backup_cpu_s']:.2f} s) | "
            f"{r['restore_s']:.2f} s ({r['restore_cpu_s']:.2f} s) |"
        )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "backup.json").write_text(
        json.dumps({"startup_s": round(startup, 2), "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
