"""Throughput of the reader site, as a ratio to /healthz, served by gunicorn without any page cache.

    .venv/bin/python bench/throughput.py [--seconds 4] [--rounds 3] [--connections 4]

What it does, all on 127.0.0.1 and in a temporary folder that is removed afterwards:
1. prepares a SQLite database with ``migrate`` and ``load_demo`` and collects static files;
2. starts gunicorn with 2 workers in production mode (DEBUG off, a random secret key);
3. loads /healthz, the English home page, the newest story and the API's story list in turn,
   ``--rounds`` times for ``--seconds`` each, so that all of them see the same machine conditions;
4. prints each page's requests per second and its ratio to /healthz, then stops gunicorn.

It also reads the CPU time gunicorn's processes used (from /proc) and prints CPU milliseconds per
request. On a busy machine the req/s figures swing with whatever else runs, and long requests lose
more than short ones; CPU time per request barely moves, so its ratio is the steadier estimate.

It uses ``wrk`` when installed (``apt-get install wrk``), else a small Python load loop (slower, so
/healthz is understated and the ratios flattered; the output says which one ran). Every request
must answer 200, or the run stops with the status it got.
"""

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.harness.servers import ROOT, free_port, manage, scratch_env  # noqa: E402

TARGET_HOME_RATIO = 0.10
TARGET_API_RATIO = 0.15  # the API's story list (issue 17)
PYTHON_LOOP_MAX_REQUESTS = 50_000  # per page and round: the fallback loop stops at this count or time


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
        DJANGO_PAGE_CACHE="0",  # the target is for pages rendered on every request
        DJANGO_LOG_LEVEL="ERROR",
    )
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("[bench] gunicorn exited during start-up; run it by hand to see why.")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("[bench] gunicorn did not answer /healthz within 30 s.")


def newest_story(port: int) -> str:
    status, body = get(port, "/en/")
    if status != 200:
        sys.exit(f"[bench] /en/ answered {status}; expected 200.")
    match = re.search(rb'href="(/en/stories/[^"/]+/)"', body)
    if not match:
        sys.exit("[bench] found no story link on /en/; did load_demo run?")
    return match.group(1).decode()


def server_cpu_seconds(pid: int) -> float:
    """Return user + system CPU seconds used so far by gunicorn's master and workers (Linux /proc)."""
    pids = [pid]
    try:
        pids += [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return float("nan")
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
    scale = {"ms": 0.001, "s": 1, "m": 60}[elapsed.group(2)]
    return requests, float(elapsed.group(1)) * scale


def _python_client(port: int, path: str, seconds: float, max_requests: int, results) -> None:
    done, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline and done < max_requests:
        status, _ = get(port, path)
        if status != 200:
            results.put(-status)
            return
        done += 1
    results.put(done)


def python_round(port: int, path: str, seconds: float, connections: int) -> tuple[int, float]:
    results = multiprocessing.Queue()
    share = PYTHON_LOOP_MAX_REQUESTS // connections
    clients = [
        multiprocessing.Process(target=_python_client, args=(port, path, seconds, share, results))
        for _ in range(connections)
    ]
    started = time.monotonic()
    for client in clients:
        client.start()
    counts = [results.get(timeout=seconds + 30) for _ in clients]
    elapsed = time.monotonic() - started
    for client in clients:
        client.join()
    if any(count < 0 for count in counts):
        sys.exit(f"[bench] {path} answered {-min(counts)} under load; expected 200.")
    return sum(counts), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=4, help="length of each page's turn (default 4)")
    parser.add_argument("--rounds", type=int, default=3, help="turns per page (default 3)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--python-loop", action="store_true", help="use the Python loop even if wrk exists")
    options = parser.parse_args()
    if not 0 < options.seconds <= 60 or not 0 < options.rounds <= 10 or not 0 < options.connections <= 64:
        parser.error("keep --seconds within 1-60, --rounds within 1-10 and --connections within 1-64")
    use_wrk = shutil.which("wrk") is not None and not options.python_loop
    load = wrk_round if use_wrk else python_round

    workdir = Path(tempfile.mkdtemp(prefix="guozhen-bench-"))
    env = server_env(workdir)
    server = None
    try:
        step("preparing a SQLite database with the demo stories")
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo", "--no-accounts")
        step("collecting static files (production storage needs its manifest)")
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        step(f"starting gunicorn, 2 workers, on 127.0.0.1:{port}")
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--workers", "2",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        wait_until_up(port, server)
        pages = {
            "/healthz": "/healthz",
            "home": "/en/",
            "story": newest_story(port),
            "api list": "/api/v1/stories",
        }
        for path in pages.values():  # warm up every worker's caches and connections
            for _ in range(20):
                if get(port, path)[0] != 200:
                    sys.exit(f"[bench] {path} did not answer 200.")

        total = {name: [0, 0.0, 0.0] for name in pages}
        tool = "wrk" if use_wrk else "Python loop"
        step(f"loading with {tool}: {options.rounds} rounds x {len(pages)} pages x {options.seconds:g} s")
        for number in range(1, options.rounds + 1):
            for name, path in pages.items():
                cpu_before = server_cpu_seconds(server.pid)
                requests, elapsed = load(port, path, options.seconds, options.connections)
                total[name][0] += requests
                total[name][1] += elapsed
                total[name][2] += server_cpu_seconds(server.pid) - cpu_before
                step(f"round {number}: {name:<8} {requests / elapsed:8.0f} req/s")
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    rate = {name: requests / elapsed for name, (requests, elapsed, _) in total.items()}
    cpu = {name: 1000 * seconds / requests for name, (requests, _, seconds) in total.items()}
    print(f"\nGuozhen throughput ({tool}, gunicorn 2 workers, SQLite, DEBUG off, no page cache)")
    print(f"{'page':<10}{'path':<66}{'req/s':>8}{'ratio':>8}{'CPU ms/req':>12}{'CPU ratio':>11}")
    for name, path in pages.items():
        print(
            f"{name:<10}{path:<66}{rate[name]:8.0f}{rate[name] / rate['/healthz']:8.1%}"
            f"{cpu[name]:12.2f}{cpu['/healthz'] / cpu[name]:11.1%}"
        )
    home_ratio = rate["home"] / rate["/healthz"]
    verdict = "meets" if home_ratio >= TARGET_HOME_RATIO else "MISSES"
    print(f"\nhome is {home_ratio:.1%} of /healthz (req/s): {verdict} the target of {TARGET_HOME_RATIO:.0%}.")
    api_ratio = rate["api list"] / rate["/healthz"]
    verdict = "meets" if api_ratio >= TARGET_API_RATIO else "MISSES"
    print(f"api list is {api_ratio:.1%} of /healthz (req/s): {verdict} the target of {TARGET_API_RATIO:.0%}.")
    print(f"Load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
