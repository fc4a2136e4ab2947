"""Throughput of every reader page type, both languages, as ratios to /healthz; the middleware floor.

    .venv/bin/python bench/throughput.py [--seconds 3] [--rounds 3] [--connections 4]

What it does, all on 127.0.0.1 and in a temporary folder that is removed afterwards:
1. prepares a SQLite database with ``migrate`` and ``load_demo``, an editor account, static files;
2. starts gunicorn with 2 sync workers in production mode (DEBUG off, no page cache) serving
   ``bench/floor_wsgi.py``: the deployed application, plus the same settings with no middleware
   under ``/__bare__/``;
3. loads with ``wrk`` (``apt-get install wrk``), in interleaved rounds so every page sees the same
   machine: the trivial view (/robots.txt) bare and through the whole stack, /healthz, the home,
   story, section, tag and author pages in English and in Chinese, and the API's story list;
4. prints each page's requests per second and CPU milliseconds per request (gunicorn's processes,
   read from /proc) with both ratios to /healthz, and checks each against the issue's target;
5. times the admin's story list and story form as a logged-in editor (p50 of 50 requests each)
   against /healthz's p50 the same way.

CPU time per request barely moves on a busy machine, where req/s swings; both are printed.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.harness.servers import ROOT, free_port, manage, scratch_env  # noqa: E402
from tests.harness.webclient import Session  # noqa: E402

READER_TARGET = 0.25  # home, section, tag and author pages, of /healthz
TARGETS = {"story": 0.20, "api list": 0.20}
FLOOR_TARGET = 0.90  # the trivial view through the whole stack, of the same view with no middleware
ADMIN_REQUESTS = 50
PASSWORD = secrets.token_urlsafe(16)

EDITOR = """
import json
from django.contrib.auth import get_user_model
from articles.models import Article
get_user_model().objects.create_superuser("bench-editor", password={password!r})
story = Article.objects.published().exclude(credits=None).exclude(images=None).latest("published_at")
print(json.dumps({{"pk": story.pk, "slug": story.slug}}))
"""


def step(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def server_env(workdir: Path) -> dict:
    """Production settings (DEBUG off, a random secret key) on a scratch SQLite file, no Redis."""
    env = scratch_env(
        workdir,
        DJANGO_PRODUCTION="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SERVE_MEDIA="0",
        DJANGO_PAGE_CACHE="0",  # the targets are for pages rendered on every request
        DJANGO_LOG_LEVEL="ERROR",
    )
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


def server_cpu_seconds(pid: int) -> float:
    """Return user + system CPU seconds used so far by gunicorn's master and workers (Linux /proc)."""
    pids = [pid] + [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    ticks = 0
    for process in pids:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat
    return ticks / os.sysconf("SC_CLK_TCK")


def wrk_round(port: int, path: str, seconds: float, connections: int) -> tuple[int, float]:
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "-H", "X-Forwarded-Proto: https",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx or 3xx responses" in output:
        sys.exit(f"[bench] {path} gave non-2xx answers under load:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    elapsed = re.search(r"requests in ([\d.]+)(ms|s|m)", output)
    return requests, float(elapsed.group(1)) * {"ms": 0.001, "s": 1, "m": 60}[elapsed.group(2)]


def reader_pages(site: Session, story_slug: str) -> dict[str, str]:
    """Every page type the targets name, in both languages, found by following the story's links."""
    story = site.get(f"/en/stories/{story_slug}/")
    if story.status != 200:
        sys.exit(f"[bench] the story answered {story.status}")

    def link(kind: str) -> str:
        match = re.search(rf'href="/en/({kind}/[^"/]+/)"', story.text)
        if not match:
            sys.exit(f"[bench] the story page links no {kind} page")
        return match.group(1)

    relative = {"home": "", "story": f"stories/{story_slug}/"}
    relative |= {"section": link("sections"), "tag": link("tags"), "author": link("authors")}
    pages = {}
    for language in ("en", "zh-hans"):
        for name, path in relative.items():
            pages[f"{name} {language}"] = f"/{language}/{path}"
    return pages


def admin_p50s(port: int, story_pk: int) -> dict[str, float]:
    editor = Session(f"http://127.0.0.1:{port}")
    editor.admin_login("/admin/", "bench-editor", PASSWORD)
    paths = {
        "/healthz": "/healthz",
        "admin story list": "/admin/articles/article/",
        "admin story form": f"/admin/articles/article/{story_pk}/change/",
    }
    p50 = {}
    for name, path in paths.items():
        times = []
        for _ in range(ADMIN_REQUESTS + 5):
            started = time.perf_counter()
            response = editor.get(path)
            times.append(time.perf_counter() - started)
            if response.status != 200:
                sys.exit(f"[bench] {path} answered {response.status} to the editor")
        p50[name] = statistics.median(times[5:]) * 1000  # the first five warm the worker up
    return p50


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "bench.floor_wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("[bench] gunicorn exited during start-up; run it by hand to see why.")
        try:
            if Session(f"http://127.0.0.1:{port}", timeout=2).get("/healthz").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("[bench] gunicorn did not answer /healthz within 30 s.")


def measure(options) -> tuple[dict, dict, dict]:
    workdir = Path(tempfile.mkdtemp(prefix="guozhen-bench-"))
    env = server_env(workdir)
    server = None
    try:
        step("preparing a SQLite database with the demo stories and an editor")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--no-accounts")
        printed = manage(env, "shell", "--no-imports", "-c", EDITOR.format(password=PASSWORD))
        story = json.loads(printed.splitlines()[-1])
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        step(f"starting gunicorn (bench.floor_wsgi), 2 workers, on 127.0.0.1:{port}")
        server = start_server(env, port)
        site = Session(f"http://127.0.0.1:{port}")
        pages = {"bare trivial": "/__bare__/robots.txt", "trivial": "/robots.txt", "/healthz": "/healthz"}
        pages |= reader_pages(site, story["slug"])
        pages |= {"api list": "/api/v1/stories", "api list zh": "/api/v1/stories?lang=zh-hans"}
        for path in pages.values():  # warm up every worker's caches and connections
            for _ in range(20):
                if (status := site.get(path).status) != 200:
                    sys.exit(f"[bench] {path} answered {status}, not 200.")
        totals = {name: [0, 0.0, 0.0] for name in pages}
        step(f"loading with wrk: {options.rounds} rounds x {len(pages)} pages x {options.seconds:g} s")
        for number in range(1, options.rounds + 1):
            for name, path in pages.items():
                cpu_before = server_cpu_seconds(server.pid)
                requests, elapsed = wrk_round(port, path, options.seconds, options.connections)
                totals[name][0] += requests
                totals[name][1] += elapsed
                totals[name][2] += server_cpu_seconds(server.pid) - cpu_before
                step(f"round {number}: {name:<14} {requests / elapsed:8.0f} req/s")
        step(f"timing the admin as a logged-in editor ({ADMIN_REQUESTS} requests each)")
        return pages, totals, admin_p50s(port, story["pk"])
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def target(name: str) -> float | None:
    kind = name.rsplit(" ", 1)[0] if name.endswith((" en", " zh-hans")) else name.removesuffix(" zh")
    return TARGETS.get(kind, READER_TARGET if kind in ("home", "section", "tag", "author") else None)


def report(pages: dict, totals: dict, admin: dict) -> bool:
    rate = {name: requests / elapsed for name, (requests, elapsed, _) in totals.items()}
    cpu = {name: 1000 * seconds / requests for name, (requests, _, seconds) in totals.items()}
    print("\nGuozhen throughput (wrk, gunicorn 2 sync workers, SQLite, DEBUG off, no page cache)")
    print(f"{'page':<15}{'req/s':>8}{'ratio':>8}{'CPU ms':>8}{'CPU ratio':>10}{'target':>8}  path")
    met = True
    for name, path in pages.items():
        if name in ("bare trivial", "trivial"):
            continue
        ratio, cpu_ratio, goal = rate[name] / rate["/healthz"], cpu["/healthz"] / cpu[name], target(name)
        verdict = "" if goal is None else f"{goal:.0%} {'ok' if ratio >= goal else 'MISS'}"
        met &= goal is None or ratio >= goal
        print(f"{name:<15}{rate[name]:8.0f}{ratio:8.1%}{cpu[name]:8.2f}{cpu_ratio:10.1%}{verdict:>8}  {path}")
    floor, cpu_floor = rate["trivial"] / rate["bare trivial"], cpu["bare trivial"] / cpu["trivial"]
    met &= floor >= FLOOR_TARGET
    print(
        f"\nThe floor: /robots.txt through the whole middleware stack {rate['trivial']:.0f} req/s "
        f"({cpu['trivial']:.3f} CPU ms), with no middleware {rate['bare trivial']:.0f} req/s "
        f"({cpu['bare trivial']:.3f} CPU ms): {floor:.1%} (CPU {cpu_floor:.1%}); target {FLOOR_TARGET:.0%} "
        f"{'ok' if floor >= FLOOR_TARGET else 'MISS'}."
    )
    print(f"\nThe admin as a logged-in editor, p50 of {ADMIN_REQUESTS} requests one at a time:")
    for name, p50 in admin.items():
        print(f"  {name:<18}{p50:7.2f} ms  ({p50 / admin['/healthz']:.1f} x /healthz)")
    print(f"\nLoad average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    print("Every target met." if met else "Some targets were MISSED (see above).")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=3, help="length of each page's turn (default 3)")
    parser.add_argument("--rounds", type=int, default=3, help="turns per page (default 3)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    options = parser.parse_args()
    if not 0 < options.seconds <= 60 or not 0 < options.rounds <= 10 or not 0 < options.connections <= 64:
        parser.error("keep --seconds within 1-60, --rounds within 1-10 and --connections within 1-64")
    if shutil.which("wrk") is None:
        sys.exit("[bench] wrk is not installed: apt-get install wrk (make bench installs it).")
    sys.exit(0 if report(*measure(options)) else 1)


if __name__ == "__main__":
    main()
