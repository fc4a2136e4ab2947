"""The API's docs page in a real browser under the strict CSP: nothing blocked, nothing foreign."""

import json

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_page_runs_clean_and_links_the_schema(page, live_server):
    make_article(title_en="Story behind the API docs")
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="GET /api/v1/stories/{slug}").is_visible()
    page.get_by_role("link", name="/api/v1/openapi.json").click()
    page.wait_for_url(f"{live_server.url}/api/v1/openapi.json")
    document = json.loads(page.locator("body").inner_text())
    assert "/api/v1/stories" in document["paths"]
    # The site's own scripts may read the API (connect-src 'self').
    listed = page.evaluate("async () => (await (await fetch('/api/v1/stories?lang=zh-hans')).json())")
    assert listed["items"][0]["title"]["text"]
    page.watcher.assert_clean()
