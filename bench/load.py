"""Benchmark Guozhen under gunicorn (2 workers), production settings, on 127.0.0.1 only.

    python bench/load.py compare                 # req/s, p50/p99 for /healthz, home, story, tag:
                                                 # page cache off/on, on SQLite and PostgreSQL + Redis
    python bench/load.py load --duration 60      # 64 connections + an editor saving every second

Every run builds its own data (the demo stories plus generated ones) in a scratch SQLite file or
PostgreSQL database, uses its own Redis key prefix, and removes both at the end. Each page's rate
is also given as a ratio to /healthz measured against the same server in the same run.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import loadgen, wrk  # noqa: E402
from bench.site import Editor, Site, log, warm  # noqa: E402
from tests.harness.servers import ROOT, manage  # noqa: E402


def compare(args) -> int:
    results = []
    with tempfile.TemporaryDirectory(prefix="gz-bench-") as tmp:
        workdir = Path(tmp)
        for database in args.databases:
            site = Site(database, workdir, args)
            try:
                if not (workdir / "static").exists():
                    log("collecting static files ...")
                    manage(site.env, "collectstatic", "--noinput", "-v", "0")
                info = site.build()
                paths = {"healthz": "/healthz", "home": "/en/", "story": info["story"], "tag": info["tag"]}
                for page_cache in (False, True):
                    with site.server(page_cache=page_cache) as server:
                        warm(server, paths, page_cache)
                        row = {"database": database, "page_cache": page_cache, "pages": {}}
                        # Pages take turns, round after round, so a burst of other work on the
                        # machine slows every page alike instead of one page's whole measurement.
                        rounds = {name: [] for name in paths}
                        for _ in range(args.rounds):
                            for name, path in paths.items():
                                rounds[name].append(measure(args, server.port, path))
                        for name, path in paths.items():
                            page = combine(rounds[name]) | {"path": path}
                            row["pages"][name] = page
                            log(f"  {database:8} cache={'on ' if page_cache else 'off'} {name:8} "
                                f"{page['req_per_s']:8.1f} req/s  p50 {page['p50_ms']:7.2f} ms  "
                                f"p99 {page['p99_ms']:7.2f} ms")  # fmt: skip
                        base = row["pages"]["healthz"]["req_per_s"]
                        for page in row["pages"].values():
                            page["ratio_to_healthz"] = round(page["req_per_s"] / base, 3) if base else None
                        results.append(row)
            finally:
                site.close()
    print_table(results)
    write_json(args, {"mode": "compare", "settings": settings_of(args), "results": results})
    bad = [
        (row["database"], name)
        for row in results
        for name, page in row["pages"].items()
        if page["errors"] or page["status_5xx"] or page.get("non_2xx_3xx") or set(page["statuses"]) != {"200"}
    ]
    if bad:
        log(f"FAILED: errors or non-200 answers in {bad}")
    return 1 if bad else 0


def measure(args, port: int, path: str) -> dict:
    seconds = args.duration / args.rounds
    if args.client == "wrk" or (args.client == "auto" and wrk.available()):
        return wrk.run(port, path, connections=args.connections, duration=seconds) | {"seconds": seconds}
    result = loadgen.run(port, [path], connections=args.connections, duration=seconds)
    return result.summary() | {"client": "python", "seconds": result.seconds}


def combine(rounds: list[dict]) -> dict:
    """Sum the rounds of one page: rate over the whole time, median p50, worst p99."""
    statuses: dict[str, int] = {}
    for one in rounds:
        for status, count in one["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    p50s = sorted(one["p50_ms"] for one in rounds)
    return {
        "requests": sum(one["requests"] for one in rounds),
        "req_per_s": round(sum(one["requests"] for one in rounds) / sum(one["seconds"] for one in rounds), 1),
        "p50_ms": p50s[len(p50s) // 2],
        "p99_ms": max(one["p99_ms"] for one in rounds),
        "errors": sum(one["errors"] for one in rounds),
        "status_5xx": sum(one["status_5xx"] or 0 for one in rounds),
        "non_2xx_3xx": sum(one.get("non_2xx_3xx", 0) for one in rounds),
        "statuses": statuses,
        "client": rounds[0]["client"],
        "rounds": len(rounds),
    }


def print_table(results: list[dict]) -> None:
    print("| Database | Page cache | Page | req/s | vs /healthz | p50 ms | p99 ms |")
    print("|---|---|---|---:|---:|---:|---:|")
    for row in results:
        for name, page in row["pages"].items():
            cache = "on" if row["page_cache"] else "off"
            print(
                f"| {row['database']} | {cache} | {name} | {page['req_per_s']} "
                f"| {page['ratio_to_healthz'] * 100:.0f} % | {page['p50_ms']} | {page['p99_ms']} |"
            )


def load(args) -> int:
    with tempfile.TemporaryDirectory(prefix="gz-load-") as tmp:
        workdir = Path(tmp)
        site = Site(args.database, workdir, args)
        try:
            manage(site.env, "collectstatic", "--noinput", "-v", "0")
            info = site.build()
            paths = ["/en/", info["story"], info["tag"], info["section"], "/zh-hans/", "/en/?page=2"]
            with site.server(page_cache=True) as server:
                warm(
                    server,
                    {"healthz": "/healthz", "home": "/en/", "story": info["story"], "tag": info["tag"]},
                    True,
                )
                editor = Editor(server, info["stories"], args.edit_interval)
                editor.start()
                log(f"{len(paths)} reader pages, {args.connections} connections, {args.duration} s")
                result = loadgen.run(server.port, paths, connections=args.connections, duration=args.duration)
                editor.stop.set()
                editor.join(timeout=90)
        finally:
            site.close()
    summary = result.summary() | {
        "editor_saves": editor.saves,
        "editor_failures": editor.failures,
        "stale_reads_after_save": editor.stale,
        "editor_save_p50_ms": round(sorted(editor.save_seconds)[len(editor.save_seconds) // 2] * 1000, 1)
        if editor.save_seconds
        else None,
    }
    print(json.dumps(summary, indent=2))
    write_json(args, {"mode": "load", "settings": settings_of(args), "result": summary})
    ok = not (result.errors or result.server_errors or editor.failures or editor.stale) and editor.saves
    log("OK: zero errors, zero 5xx, no stale page after a save" if ok else "FAILED")
    return 0 if ok else 1


def settings_of(args) -> dict:
    return {k: v for k, v in vars(args).items() if k not in ("func", "postgres", "redis")} | {
        "cpus": os.cpu_count()
    }


def write_json(args, data: dict) -> None:
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    path = out / f"{data['mode']}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2))
    log(f"results written to {path}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--stories", type=int, default=40, help="generated stories on top of the demo ones")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("GUOZHEN_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="an admin connection used to create and drop the scratch database",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("GUOZHEN_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    )
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("compare", help="page cache off/on, SQLite and PostgreSQL + Redis")
    one.add_argument("--duration", type=float, default=10, help="seconds per page (default 10)")
    one.add_argument("--rounds", type=int, default=5, help="the pages take turns this many times")
    one.add_argument("--connections", type=int, default=16)
    one.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="auto: wrk when installed"
    )
    one.add_argument("--databases", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    one.set_defaults(func=compare)
    two = commands.add_parser("load", help="a long mixed load with an editor saving stories")
    two.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    two.add_argument("--connections", type=int, default=64)
    two.add_argument("--edit-interval", type=float, default=1.0, help="seconds between editor saves")
    two.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    two.set_defaults(func=load)
    args = parser.parse_args(argv)
    for url in (args.postgres, args.redis):
        if not url.startswith(("postgres://127.0.0.1", "postgres://postgres@127.0.0.1", "redis://127.0.0.1")):
            parser.error(f"{url}: the benchmark only talks to services on 127.0.0.1")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
