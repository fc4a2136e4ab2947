"""The bylines feature's pages in a real browser: author page, corrections page, a corrected story.

Same checks as test_accessibility.py for the page types it covers: no serious or critical axe
violation, no console error or CSP violation, nothing scrolling sideways and no text under 16 px
at 360 px wide.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import describe_violations, run_axe
from tests.browser.test_accessibility import SMALL_TEXT_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CORRECTED = "nvidia-moves-ai-supercomputer-manufacturing-onto-us-soil"
ANALYSIS = "tsmc-outlines-advanced-packaging-plans-for-its-arizona-campus"


def path_of(name: str, lang: str) -> str:
    with translation.override(lang):
        if name == "author":
            return reverse("articles:author", kwargs={"slug": "mara-lindqvist"})
        if name == "corrections":
            return reverse("articles:corrections")
        if name == "analysis":
            return reverse("articles:detail", kwargs={"slug": ANALYSIS})
        return reverse("articles:detail", kwargs={"slug": CORRECTED})


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("name", ["author", "corrections", "corrected", "analysis"])
def test_bylines_pages_quality(new_page, live_server, demo, name, lang):
    page = new_page(axe=True)
    response = page.goto(live_server.url + path_of(name, lang))
    assert response.status == 200
    violations = run_axe(page)
    assert violations == [], describe_violations(violations)
    page.set_viewport_size({"width": 360, "height": 780})
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
    assert max(widths) <= 360, f"scrolls sideways at 360 px: {widths}"
    small = sorted(set(map(tuple, page.evaluate(SMALL_TEXT_JS))))
    assert small == [], f"text under 16 px at 360 px wide: {small}"
    page.watcher.assert_clean()
