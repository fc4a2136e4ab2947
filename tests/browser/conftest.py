"""Playwright, driving Debian's Chromium against pytest-django's live_server.

Never downloads a browser: it launches /usr/bin/chromium (installed by `make test`).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GUOZHEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"

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
    """Collects console errors, CSP violations, dialogs and requests to foreign hosts."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("dialog", self._on_dialog)
        page.on("request", self._on_request)

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _on_request(self, request):
        url = request.url
        if not (url.startswith(self.origin) or url.startswith(("data:", "blob:", "about:"))):
            self.foreign_requests.append(url)

    def assert_clean(self):
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.foreign_requests == [], f"requests to foreign hosts: {self.foreign_requests}"


@pytest.fixture
def page(browser, live_server, settings):
    settings.GUOZHEN_SERVE_MEDIA = True
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    if AXE_JS.exists():
        # An init script is injected by the browser itself, so the page's CSP (no inline
        # scripts) does not block it, unlike add_script_tag.
        context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.watcher = PageWatcher(page, live_server.url)
    yield page
    context.close()


def run_axe(page) -> list[dict]:
    """Inject axe-core from its installed file and return serious or critical violations."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make test`, which installs axe-core with npm.")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
