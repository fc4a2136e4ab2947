"""The health check behind /healthz: can this app server reach its database and its cache?"""

import os
import secrets
import socket

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from redis.exceptions import RedisError


def failing_services() -> list[str]:
    """Return the names of the services that did not answer ("database", "cache"); empty if healthy."""
    failures = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        failures.append("database")
    # A key of this process alone, so servers probed at the same moment cannot disturb each other.
    key, token = f"healthz:{socket.gethostname()}:{os.getpid()}", secrets.token_hex(8)
    try:
        cache.set(key, token, 30)
        if cache.get(key) != token:
            failures.append("cache")
    except (RedisError, OSError):
        failures.append("cache")
    return failures


def health_response() -> HttpResponse:
    """Load balancers probe this: a server that cannot reach either service leaves the rotation."""
    failures = failing_services()
    if failures:
        response = HttpResponse(f"unhealthy: {', '.join(failures)}", status=503, content_type="text/plain")
    else:
        response = HttpResponse("ok", content_type="text/plain")
    add_never_cache_headers(response)
    return response
