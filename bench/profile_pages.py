"""Where a page's time goes: cProfile's own-time per request, summed by part of the stack.

    .venv/bin/python bench/profile_pages.py [--requests 300] [--pages story,home,...] [--top 0]
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
        .venv/bin/python bench/profile_pages.py --no-profile --requests 50 --pages story

It builds a scratch SQLite site with the demo stories (production settings, DEBUG off, no page
cache), then calls the deployed WSGI application in this process, with no server in between, so
that only Django and Guozhen are measured. For each page it prints microseconds per request with
and without the profiler, and the profiler's own time grouped into templates, ORM, database
driver, middleware, URL resolving, translation, Guozhen's code and the rest. ``--top N`` adds the
N functions with the most own time. Under callgrind (``--no-profile``), the printed ``marks`` show
where each page's requests start, for ``callgrind_annotate``-free instruction counts: run it with
``--requests 0`` and ``--requests N`` and divide the difference in total instructions by N.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.throughput import server_env  # noqa: E402
from tests.harness.servers import manage  # noqa: E402

# (category, substrings of a function's file or name), first match wins.
_SQL = ("django/db/models/sql/", "django/db/models/expressions", "django/db/models/lookups")
_DRIVER = ("django/db/backends/", "django/db/utils", "sqlite3", "django/db/transaction")
_MIDDLEWARE = (
    "django/middleware/", "django/contrib/sessions/", "django/contrib/auth/", "django/contrib/messages/",
    "whitenoise/", "csp/", "axes/", "config/middleware", "config/stack", "config/headers", "config/csp",
    "config/lazy_request", "config/snapshot", "articles/caching/", "articles/api/cors",
    "articles/admin/preferences",
)  # fmt: skip
_REQUEST = ("django/core/handlers/", "django/http/", "django/utils/cache", "django/views/")
CATEGORIES = [
    ("templates", ("django/template/", "django/templatetags/", "articles/templatetags/")),
    ("ORM: SQL compiling", _SQL),
    ("ORM: querysets, rows to objects", ("django/db/models/", "modeltranslation/")),
    ("database driver", _DRIVER),
    ("middleware", _MIDDLEWARE),
    ("URL resolving and reversing", ("django/urls/",)),
    ("translation (gettext, activate)", ("django/utils/translation/", "gettext")),
    ("request and response", _REQUEST),
    ("Guozhen's own code", ("articles/", "config/")),
    ("Django, other", ("django/",)),
]


def category(filename: str, name: str) -> str:
    where = f"{filename}:{name}"
    for label, needles in CATEGORIES:
        if any(needle in where for needle in needles):
            return label
    return "Python and the standard library"


def build_site(workdir: Path) -> None:
    env = server_env(workdir)  # the benchmark's production settings, no page cache
    print("[profile] building a scratch site with the demo stories", file=sys.stderr, flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--no-accounts")
    manage(env, "collectstatic", "--noinput")
    os.environ.clear()
    os.environ.update(env, DJANGO_SETTINGS_MODULE="config.settings")


def call(application, path: str) -> bytes:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "443",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "REMOTE_ADDR": "127.0.0.1",
    }
    status = []
    body = b"".join(application(environ, lambda s, h, e=None: status.append(s)))
    if not status[0].startswith("200"):
        sys.exit(f"[profile] {path} answered {status[0]}")
    return body


def pages(application) -> dict[str, str]:
    home = call(application, "/en/").decode()
    story = re.search(r'href="(/en/stories/[^"/]+/)"', home).group(1)
    page = call(application, story).decode()
    found = {"healthz": "/healthz", "robots.txt": "/robots.txt", "home": "/en/", "story": story}
    for kind in ("sections", "tags", "authors"):
        found[kind.removesuffix("s")] = re.search(rf'href="(/en/{kind}/[^"/]+/)"', page).group(1)
    found["story zh"] = story.replace("/en/", "/zh-hans/", 1)
    found["api list"] = "/api/v1/stories"
    return found


def profile_page(application, name: str, path: str, options) -> None:
    for _ in range(20):
        call(application, path)  # warm: templates compiled, connections open, caches filled
    started = time.perf_counter()
    for _ in range(options.requests):
        call(application, path)
    plain = (time.perf_counter() - started) / max(options.requests, 1) * 1e6
    print(f"\n{name} ({path}): {plain:,.0f} µs per request without the profiler")
    if options.no_profile:
        return
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(options.requests):
        call(application, path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = defaultdict(float)
    calls = 0
    for (filename, _, function), (_, ncalls, tottime, _, _) in stats.stats.items():
        totals[category(filename, function)] += tottime
        calls += ncalls
    whole = sum(totals.values())
    per_request = whole / options.requests * 1e6
    print(f"  {per_request:,.0f} µs per request under cProfile, {calls // options.requests:,} calls")
    for label, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {label:<36}{seconds / options.requests * 1e6:8,.0f} µs {seconds / whole:6.1%}")
    if options.top:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(options.top)
        print(out.getvalue().split("\n\n", 2)[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per page (default 300)")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--top", type=int, default=0, help="also list the N functions with most own time")
    parser.add_argument("--no-profile", action="store_true", help="time only (for valgrind --tool=callgrind)")
    options = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="guozhen-profile-"))
    try:
        build_site(workdir)
        import django

        django.setup()
        from django.core.handlers.wsgi import WSGIHandler

        application = WSGIHandler()
        wanted = [name for name in options.pages.split(",") if name]
        for name, path in pages(application).items():
            if not wanted or name in wanted:
                profile_page(application, name, path, options)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
