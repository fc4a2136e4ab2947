"""The benchmark's WSGI entry point: Guozhen as deployed, plus the same site with no middleware.

    gunicorn bench.floor_wsgi   (bench/throughput.py starts it; never used in production)

Every path is served by ``config.wsgi``'s application, except paths under ``/__bare__/``, which go
to a second Django handler built from the same settings with ``MIDDLEWARE = []``: the bare Django
view the middleware floor is measured against. Both handlers live in the same worker processes,
so the two rates come from the same run, the same processes and the same warm caches.
"""

from django.core.handlers.wsgi import WSGIHandler
from django.test.utils import override_settings

from config.wsgi import application as full

BARE_PREFIX = "/__bare__"


class BareHandler(WSGIHandler):
    """Django's WSGI handler with an empty middleware stack (URL resolving and the view only)."""

    def load_middleware(self, is_async=False):
        with override_settings(MIDDLEWARE=[]):
            super().load_middleware(is_async)


bare = BareHandler()


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path.startswith(BARE_PREFIX):
        environ["PATH_INFO"] = path[len(BARE_PREFIX) :]
        return bare(environ, start_response)
    return full(environ, start_response)
