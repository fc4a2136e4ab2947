"""Playwright, driving Debian's Chromium against pytest-django's live_server.

Never downloads a browser: it launches /usr/bin/chromium (installed by `make test`).
One browser serves the whole session; each test gets a fresh context (cookies, storage) and page.
"""

import os
import secrets
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

CHROMIUM = os.environ.get("GUOZHEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# Chromium already logs a CSP violation as a console error; this makes sure of it, with the
# directive and the blocked URL in the message, whatever the browser version does.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# page actions are still synchronous, so Django's async-safety guard must be told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium with apt.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class PageWatcher:
    """Collects console errors, uncaught exceptions, CSP violations, dialogs and foreign requests."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign_requests: list[str] = []
        self.expected_statuses: dict[str, int] = {}
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught: {error}"))
        page.on("dialog", self._on_dialog)
        page.on("request", self._on_request)

    def expect_status(self, url: str, status: int) -> None:
        """Do not count the browser's "failed to load" message for url answering status (a 404 page)."""
        self.expected_statuses[url] = status

    def _on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        status = self.expected_statuses.get(url)
        if status and f"status of {status}" in message.text:
            return
        self.console_errors.append(f"{message.text} ({url})")

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_request(self, request):
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:", "about:"))):
            self.foreign_requests.append(url)

    def assert_clean(self):
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.foreign_requests == [], f"requests to foreign hosts: {self.foreign_requests}"


@pytest.fixture
def new_page(browser, live_server, settings):
    """Return a function that opens a page in a fresh browser context (its own cookies: a new visitor).

    Every page has ``page.watcher``; ``new_page(axe=True)`` gives a page that run_axe can check.
    The page cache is on, as in production, so readers get cached pages and a save must make
    them stale.
    """
    settings.GUOZHEN_SERVE_MEDIA = True
    settings.GUOZHEN_PAGE_CACHE = True
    contexts = []

    def open_page(*, axe: bool = False):
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        if axe and AXE_JS.exists():
            # An init script is injected by the browser itself, so the page's CSP (no inline
            # scripts) does not block it, unlike add_script_tag. It costs ~0.1 s a navigation,
            # hence only on pages that run_axe will check.
            context.add_init_script(path=str(AXE_JS))
        context.add_init_script(script=CSP_REPORTER)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.watcher = PageWatcher(page, live_server.url)
        return page

    yield open_page
    for context in contexts:
        context.close()
    wait_for_live_server_requests()


def wait_for_live_server_requests(timeout: float = 5.0) -> None:
    """Wait until the live server has finished the requests a closed page left in flight.

    A page closed while its autosave or presence request is still being served would leave that
    request holding row locks while the test's teardown empties the tables: on PostgreSQL that is
    a deadlock. The live server serves each connection in a thread of its own.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [thread for thread in threading.enumerate() if "process_request_thread" in thread.name]
        if not busy:
            return
        time.sleep(0.02)


@pytest.fixture
def page(new_page):
    return new_page()


def run_axe(page) -> list[dict]:
    """Run axe-core (injected by ``new_page(axe=True)``) and return serious or critical violations."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make test`, which installs axe-core with npm.")
    assert page.evaluate("() => typeof axe !== 'undefined'"), "open the page with new_page(axe=True)"
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe_violations(violations: list[dict]) -> str:
    """One line per violation and offending element, for assertion messages."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {node['target']} {node.get('failureSummary', '')!r}"
        for v in violations
        for node in v["nodes"][:5]
    )


# --- Demo content, made once per session --------------------------------------------------------


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run load_demo once (about 10 s: it draws pictures and makes every rendition), keep a JSON
    dump of the rows and the media folder, and roll the database back."""
    folder = tmp_path_factory.mktemp("demo")
    media, dump = folder / "media", folder / "demo.json"
    media.mkdir()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", no_accounts=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("dumpdata", "articles", output=str(dump), verbosity=0)
        transaction.set_rollback(True)
    return dump, media


@pytest.fixture
def demo(demo_snapshot, media_root, transactional_db):
    """The demo sections, tags and stories with their pictures, for this test alone."""
    dump, media = demo_snapshot
    # Hard links: the files appear in this test's media folder at no cost, and a test that adds
    # or deletes files does not touch the snapshot's directory entries.
    shutil.copytree(media, media_root, copy_function=os.link, dirs_exist_ok=True)
    call_command("loaddata", str(dump), verbosity=0)


# --- Accounts and admin helpers -----------------------------------------------------------------


def make_account(*, role: str | None = None, superuser: bool = False):
    """Return (user, password): a staff account with a random password, in the given role's group."""
    from django.contrib.auth import get_user_model

    from articles.roles import ensure_roles

    password = secrets.token_urlsafe(16)
    User = get_user_model()
    name = f"{role or 'admin'}-{secrets.token_hex(3)}".lower()
    if superuser:
        user = User.objects.create_superuser(name, f"{name}@example.com", password)
    else:
        user = User.objects.create_user(name, f"{name}@example.com", password, is_staff=True)
    if role:
        user.groups.add(ensure_roles()[role])
    return user, password


def admin_login(page, live_server, user, password) -> None:
    """Log in through the admin's login form, as a person would."""
    from django.urls import reverse

    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
