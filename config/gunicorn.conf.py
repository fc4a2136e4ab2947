"""gunicorn settings for Guozhen. Every value can be changed through the environment.

    gunicorn -c config/gunicorn.conf.py config.wsgi

Run it behind a reverse proxy (nginx, a load balancer) that terminates TLS and sets
X-Forwarded-Proto; several app servers can run this same command against one PostgreSQL and Redis.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where to listen. 127.0.0.1 keeps the app server private to the proxy on the same machine; use
# 0.0.0.0:8000 (or a unix socket, "unix:/run/guozhen.sock") when the proxy is elsewhere.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: one request at a time each, the right model for a CPU-bound Django site behind a
# buffering proxy. The usual rule of thumb is 2 x cores + 1.
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = _int("GUNICORN_THREADS", 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")

# A request that takes longer than this is killed and logged; a restart waits this long for
# requests in flight to finish.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# Recycle each worker after this many requests (with jitter, so they do not all restart at once):
# a cheap guard against slow memory growth.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)

# Header limits (bytes); request bodies are limited by Django (DJANGO_MAX_REQUEST_BYTES).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# Only these proxies may tell gunicorn the client's scheme, and only through X-Forwarded-Proto:
# gunicorn's default also believes X-Forwarded-Ssl: on and X-Forwarded-Protocol: ssl, which a proxy
# that overwrites only X-Forwarded-Proto would pass on from any client. The proxy must still set
# X-Forwarded-Proto itself and drop the client's (README, "Behind a proxy").
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# Logs go to stdout/stderr for the process manager (systemd, Docker) to collect. The access log
# records the client address from the proxy, the request, status, size and time in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'

# Load the app in each worker, not the master: no database or Redis connections are shared
# across fork, and `kill -HUP` reloads new code.
preload_app = False
proc_name = "guozhen"
