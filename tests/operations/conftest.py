import pytest

from tests.operations.sites import Site, demo_site


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Site:
    """The demo site, built once per test process; tests work on copies of it."""
    return demo_site(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture
def demo(demo_template, tmp_path) -> Site:
    return demo_template.copy_to(tmp_path / "demo")


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("empty-template"))
    site.manage("migrate", "--noinput", "-v0")
    return site


@pytest.fixture
def empty_site(empty_template, tmp_path) -> Site:
    """A migrated site without a single story, account or media file."""
    return empty_template.copy_to(tmp_path / "empty")
