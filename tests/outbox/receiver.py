"""A real HTTP receiver on 127.0.0.1 for the outbox tests: verifies signatures, follows a script.

``Receiver(secret=..., script=[500, 500])`` answers the scripted status codes in turn, then 200.
Until ``start()`` its port is closed, so senders get "connection refused". Every request is kept
(with the time, headers, raw body and whether its signature verified) for the test to read.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.harness.servers import free_port


@dataclass
class Received:
    at: float
    path: str
    headers: dict
    body: bytes
    status: int
    verified: bool | None = None
    wall: float = field(default_factory=time.time)

    def json(self):
        return json.loads(self.body)

    def form(self) -> list[tuple[str, str]]:
        return parse_qsl(self.body.decode())


@dataclass
class Receiver:
    secret: str | None = None
    script: list = field(default_factory=list)
    delay: float = 0.0
    port: int = field(default_factory=free_port)
    requests: list = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # extra response headers, e.g. Retry-After

    def __post_init__(self):
        self.lock = threading.Lock()
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                verified = None
                if receiver.secret:
                    try:
                        Webhook(receiver.secret).verify(body, headers)
                        verified = True
                    except WebhookVerificationError:
                        verified = False
                with receiver.lock:
                    status = receiver.script.pop(0) if receiver.script else 200
                    if verified is False:
                        status = 401
                    receiver.requests.append(
                        Received(time.monotonic(), self.path, headers, body, status, verified)
                    )
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                for name, value in receiver.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def accepted(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if 200 <= r.status < 300]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
