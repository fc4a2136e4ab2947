import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads and renditions into its own empty media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT
