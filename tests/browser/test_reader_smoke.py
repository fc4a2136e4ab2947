"""A first real-browser check of the reader site: pages load and images decode."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_then_story_with_loaded_images(page, live_server):
    call_command("load_demo", no_accounts=True)
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="NVIDIA Moves AI Supercomputer Manufacturing Onto US Soil").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "NVIDIA Moves AI Supercomputer Manufacturing Onto US Soil"
    page.watcher.assert_clean()
