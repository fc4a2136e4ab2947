"""What each middleware costs a trivial view, in process: the floor's breakdown.

    .venv/bin/python bench/middleware.py [--requests 20000] [--path /robots.txt] [--rounds 5]
    .venv/bin/python bench/middleware.py --instructions [--requests 2000]   (needs valgrind)

It builds Django's WSGI handler with production settings (DEBUG off, no page cache, a scratch SQLite
file) once with ``MIDDLEWARE = []`` and once with each prefix of the deployed ``MIDDLEWARE``, then
calls each with the same anonymous HTTPS GET of a trivial view (/robots.txt), in interleaved rounds.
It prints microseconds per request for the bare handler and the full stack, their ratio (the
floor: the issue asks for 90 %), and what each entry adds. ``--instructions`` runs the same requests
under ``valgrind --tool=callgrind`` three times (no requests, N bare, N through the stack) and prints
instructions per request from the differences: a count that does not move with the machine's load.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.throughput import server_env  # noqa: E402


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
        "wsgi.url_scheme": "http",
        "wsgi.input": None,
        "wsgi.errors": sys.stderr,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }


def handler(middleware: list[str]):
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    class Handler(WSGIHandler):
        def load_middleware(self, is_async=False):
            with override_settings(MIDDLEWARE=middleware):
                super().load_middleware(is_async)

    return Handler()


def per_request_us(app, path: str, requests: int) -> float:
    import io

    def start_response(status, headers, exc_info=None):
        if not status.startswith("200"):
            raise SystemExit(f"[bench] {path} answered {status}")

    started = time.perf_counter()
    for _ in range(requests):
        env = environ(path)
        env["wsgi.input"] = io.BytesIO()
        for _chunk in app(env, start_response):
            pass
    return (time.perf_counter() - started) / max(requests, 1) * 1e6


def counted(arguments: list[str]) -> int:
    """Instructions valgrind counted for one run of this script with ``arguments``."""
    with tempfile.TemporaryDirectory() as folder:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/cg.out", sys.executable,
                   __file__, *arguments]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def instructions(args) -> None:
    common = ["--path", args.path, "--requests"]
    n = args.requests
    print(f"[bench] counting instructions with valgrind ({n} requests a run; a few minutes)", flush=True)
    base = counted([*common, "0", "--only", "bare"])
    bare = (counted([*common, str(n), "--only", "bare"]) - base) / n
    full_base = counted([*common, "0", "--only", "full"])
    full = (counted([*common, str(n), "--only", "full"]) - full_base) / n
    print(f"{args.path}: bare {bare / 1e3:,.1f} k instructions, whole stack {full / 1e3:,.1f} k per request")
    print(f"floor by instructions: {bare / full:.1%}; the stack adds {(full - bare) / 1e3:,.1f} k")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--path", default="/robots.txt")
    parser.add_argument("--instructions", action="store_true", help="count instructions with valgrind")
    parser.add_argument("--only", choices=("bare", "full"), help=argparse.SUPPRESS)  # one valgrind run
    args = parser.parse_args()
    if args.instructions:
        instructions(args)
        return

    workdir = Path(tempfile.mkdtemp(prefix="guozhen-mw-"))
    os.environ.update(server_env(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    stack = list(settings.MIDDLEWARE)
    bare, full = handler([]), handler(stack)
    if args.only:
        app = bare if args.only == "bare" else full
        per_request_us(app, args.path, 200)  # warm
        per_request_us(app, args.path, args.requests)
        return

    prefixes = [handler(stack[: n + 1]) for n in range(len(stack))]
    apps = [bare, *prefixes]
    totals = [0.0] * len(apps)
    per_round = max(args.requests // args.rounds, 1)
    for app in apps:
        per_request_us(app, args.path, 500)  # warm every handler up once
    for _ in range(args.rounds):
        for index, app in enumerate(apps):
            totals[index] += per_request_us(app, args.path, per_round)
    times = [total / args.rounds for total in totals]
    print(f"{args.path}: bare {times[0]:.1f} µs, whole stack {times[-1]:.1f} µs per request")
    print(f"floor (bare / whole stack): {times[0] / times[-1]:.1%} (target 90 %)")
    print("what each entry adds:")
    for name, before, after in zip(stack, times, times[1:], strict=False):
        print(f"  {after - before:+6.1f} µs  {name}")


if __name__ == "__main__":
    main()
