import os
from urllib.parse import urlsplit, urlunsplit

import pytest


def pytest_configure(config):
    """Give each pytest-xdist worker a Redis database of its own (15, 14, ...).

    The suite clears the cache before every test (``empty_cache``), which on Redis empties the whole
    database; two workers sharing one would wipe each other's cached pages mid-test. Settings are
    already loaded here, but no cache connection has been made yet.
    """
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    cache = settings.CACHES["default"]
    if not worker.startswith("gw") or not str(cache.get("LOCATION", "")).startswith("redis"):
        return
    parts = urlsplit(cache["LOCATION"])
    database = int(parts.path.strip("/") or 0) - int(worker[2:])
    if database < 0:
        raise pytest.UsageError("Too many xdist workers for the Redis databases below REDIS_URL's.")
    cache["LOCATION"] = urlunsplit(parts._replace(path=f"/{database}"))
    os.environ["REDIS_URL"] = cache["LOCATION"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads and renditions into its own empty media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, so no page cached by an earlier test is served."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in English: a request's LocaleMiddleware leaves its language active in the thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """Static files collected once, as in production (hashed, gzip and brotli), for subprocess tests."""
    from tests.production import collect_static

    return collect_static(tmp_path_factory.mktemp("static"))


_processed_pictures: dict = {}


@pytest.fixture
def reuse_picture_encodings(monkeypatch):
    """Encode each distinct picture once per test process, not once per test.

    ``load_demo`` spends about 8 of its 10 seconds encoding the same twelve demo pictures into
    AVIF, WebP and JPEG renditions, and many tests start from the demo. This keeps the real
    ``process`` function and only hands back its earlier output for byte-identical input with the
    same options, so files, names and rows are made exactly as before.
    """
    import hashlib

    from articles.images import processing

    real = processing.process

    def process(data: bytes, **options):
        key = (hashlib.sha256(data).hexdigest(), tuple(sorted(options.items())))
        if key not in _processed_pictures:
            _processed_pictures[key] = real(data, **options)
        return _processed_pictures[key]

    monkeypatch.setattr(processing, "process", process)
