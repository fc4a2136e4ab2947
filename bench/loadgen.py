"""An asyncio HTTP load generator: N connections, each sending requests back to back until a deadline.

gunicorn's sync workers close the connection after every response, so each request opens a new
TCP connection (as a buffering proxy in front would, per request). Only 127.0.0.1 is ever targeted.
"""

import asyncio
import itertools
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Result:
    requests: int = 0
    errors: int = 0  # connection failures, timeouts, malformed answers
    statuses: Counter = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "req_per_s": round(self.rate, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "errors": self.errors,
            "status_5xx": self.server_errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


def build_request(port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Forwarded-Proto: https\r\n"
        "Accept-Encoding: gzip\r\nAccept-Language: en\r\nConnection: close\r\n\r\n"
    ).encode()


async def _one(port: int, request: bytes, timeout: float) -> int:
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(request)
        data = await asyncio.wait_for(reader.read(), timeout)  # until the server closes
    finally:
        writer.close()
    status_line = data.split(b"\r\n", 1)[0].split()
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/"):
        raise ValueError("malformed response")
    return int(status_line[1])


async def _connection(port, requests, deadline, result: Result, timeout):
    for request in requests:
        if time.monotonic() >= deadline:
            return
        started = time.perf_counter()
        try:
            status = await _one(port, request, timeout)
        except (TimeoutError, OSError, ValueError):
            result.errors += 1
            continue
        result.latencies.append(time.perf_counter() - started)
        result.statuses[status] += 1
        result.requests += 1


async def _run(port, paths, connections, duration, timeout) -> Result:
    result = Result()
    deadline = time.monotonic() + duration
    prepared = [build_request(port, path) for path in paths]
    started = time.monotonic()
    # Each connection starts at a different point of the path list, so all paths load at once.
    await asyncio.gather(
        *(
            _connection(port, itertools.islice(itertools.cycle(prepared), i, None), deadline, result, timeout)
            for i in range(connections)
        )
    )
    result.seconds = time.monotonic() - started
    return result


def run(port: int, paths: list[str], *, connections: int, duration: float, timeout: float = 30) -> Result:
    """Load 127.0.0.1:port with the given paths for ``duration`` seconds; stops by itself."""
    return asyncio.run(_run(port, paths, connections, duration, timeout))
