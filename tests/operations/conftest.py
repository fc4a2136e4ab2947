import pytest

from tests.operations.sites import Site, demo_site


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Site:
    """The demo site, built once per test process; tests work on copies of it."""
    return demo_site(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture
def demo(demo_template, tmp_path) -> Site:
    return demo_template.copy_to(tmp_path / "demo")


@pytest.fixture
def empty_site(tmp_path) -> Site:
    site = Site(tmp_path / "empty")
    site.manage("migrate", "--noinput", "-v0")
    return site
