"""Run wrk (Debian package `wrk`) against one URL and read its summary, in loadgen's format.

wrk is written in C and needs far less CPU than a Python client per request, so on a small machine
it leaves more of the CPU to the server being measured. bench/load.py uses it when it is installed.
"""

import re
import shutil
import subprocess

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def available() -> bool:
    return shutil.which("wrk") is not None


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run(port: int, path: str, *, connections: int, duration: float) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    command = [
        "wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--latency", "--timeout", "30s",
        "-H", "X-Forwarded-Proto: https", "-H", "Accept-Language: en", "-H", "Accept-Encoding: gzip", url,
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    percentiles = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    if len(percentiles) != 2:
        raise RuntimeError(f"could not read wrk's latency distribution:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests": requests,
        "req_per_s": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), 1),
        "p50_ms": round(_ms(percentiles["50"]), 2),
        "p99_ms": round(_ms(percentiles["99"]), 2),
        # wrk counts a read error when the server closes the connection after the response, which
        # gunicorn's sync workers always do; only connect errors and timeouts are real failures.
        "errors": int(errors.group(1)) + int(errors.group(4)) if errors else 0,
        "status_5xx": None,
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "statuses": {"200": requests - (int(non_2xx.group(1)) if non_2xx else 0)},
        "client": "wrk",
    }
