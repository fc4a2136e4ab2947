"""Webhook delivery figures: events per second to a local receiver, and publish-to-receipt latency.

    python bench/outbox.py [--events 200] [--workers 1] [--database-url postgres://...]

A scratch site (SQLite file, or a PostgreSQL database created for the run) gets one endpoint on a
receiver at 127.0.0.1; ``db_worker`` processes drain the outbox. Latency is measured with the
worker's default 1 s polling interval, from the publish's commit to the signed request's arrival.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.servers import create_database, drop_database, manage  # noqa: E402
from tests.outbox.processes import SEED, Worker, run_python, site_env, wait_for  # noqa: E402
from tests.outbox.receiver import Receiver  # noqa: E402

ADMIN_URL = os.environ.get("GUOZHEN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--postgres", action="store_true", help="use a scratch PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="guozhen-outbox-") as tmp:
        name = f"guozhen_outbox_bench_{os.getpid()}"
        extra = {"DATABASE_URL": create_database(ADMIN_URL, name)} if args.postgres else {}
        env = site_env(Path(tmp), **extra)
        try:
            run(env, Path(tmp), args)
        finally:
            if args.postgres:
                drop_database(ADMIN_URL, name)


def run(env, tmp: Path, args) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    receiver = Receiver().start()
    stories = args.events // 2
    run_python(env, SEED.format(url=receiver.url) + f"publish_and_unpublish({stories})\nprint('{{}}')\n")
    workers = [Worker(env, tmp / f"w{n}.log", f"bench-{n}") for n in range(args.workers)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    wait_for(lambda: len(receiver.accepted()) >= stories * 2, timeout=600, what="the backlog")
    elapsed = time.monotonic() - started  # includes the workers' start-up (about a second)
    for worker in workers:
        worker.stop()

    latency_worker = Worker(env, tmp / "latency.log", "latency", interval=1).start()  # the default interval
    time.sleep(3)
    latencies = []
    try:
        for n in range(5):
            before = len(receiver.accepted())
            committed = run_python(
                env,
                "import json, time\nfrom articles import services\nfrom articles.models import Article\n"
                f"a = Article.objects.get(slug='story-{n}')\nservices.publish_article(article=a)\n"
                "print(json.dumps(time.time()))\n",
            )
            wait_for(lambda b=before: len(receiver.accepted()) > b, timeout=30, what="the event")
            latencies.append(receiver.accepted()[-1].wall - committed)
    finally:
        latency_worker.stop()
        receiver.stop()
    print(
        json.dumps(
            {
                "database": "postgresql" if args.postgres else "sqlite",
                "workers": args.workers,
                "events": stories * 2,
                "seconds": round(elapsed, 2),
                "events_per_second": round(stories * 2 / elapsed, 1),
                "latency_ms_median": round(statistics.median(latencies) * 1000),
                "latency_ms_max": round(max(latencies) * 1000),
            }
        )
    )


if __name__ == "__main__":
    main()
