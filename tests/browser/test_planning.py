"""The planning calendar and preview links in a real browser: keyboard only, strict CSP, no account."""

import re

import pytest
from django.utils import timezone

from tests.browser.conftest import admin_login, describe_violations, make_account, run_axe
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def our_violations(page) -> list[dict]:
    """axe's serious findings on our part of the page (Django's own breadcrumbs are not ours)."""
    found = []
    for violation in run_axe(page):
        nodes = [n for n in violation["nodes"] if not str(n["target"][0]).startswith(".breadcrumbs")]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def test_the_calendar_works_from_the_keyboard_without_csp_violations(new_page, live_server):
    page = new_page(axe=True)
    user, password = make_account(superuser=True)
    article = make_article(
        status="draft", hours_ago=None, planned_for=timezone.localdate(), title_en="Keyboard plan"
    )
    admin_login(page, live_server, user, password)
    page.goto(f"{live_server.url}/admin/articles/article/calendar/")
    violations = our_violations(page)
    assert violations == [], describe_violations(violations)
    # Tab through the page until the story's link has the focus, then follow it with Enter.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Keyboard plan":
            break
    else:
        pytest.fail("the calendar entry is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/"))
    page.goto(f"{live_server.url}/admin/articles/article/my-settings/")
    violations = our_violations(page)
    assert violations == [], describe_violations(violations)
    page.watcher.assert_clean()


def test_a_preview_link_made_in_the_admin_opens_for_a_stranger(new_page, live_server):
    user, password = make_account(superuser=True)
    article = make_article(status="review", hours_ago=None, title_en="Browser preview scoop")
    editor = new_page()
    admin_login(editor, live_server, user, password)
    editor.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor.get_by_label("Works for").select_option("24")
    editor.get_by_role("button", name="Make a preview link").click()
    url = editor.locator("a.gz-preview-url").get_attribute("href")
    editor.watcher.assert_clean()

    stranger = new_page()
    stranger.goto(url)
    assert stranger.get_by_role("heading", name="Browser preview scoop").is_visible()
    assert "not public" in stranger.locator(".preview-banner").inner_text()
    stranger.get_by_role("link", name="中文").click()
    stranger.wait_for_url(re.compile(r"/zh-hans/preview/"))
    assert "预览" in stranger.locator(".preview-banner").inner_text()
    stranger.watcher.assert_clean()
