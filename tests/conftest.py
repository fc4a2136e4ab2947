import pytest


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


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """Static files collected once, as in production (hashed, gzip and brotli), for subprocess tests."""
    from tests.production import collect_static

    return collect_static(tmp_path_factory.mktemp("static"))
