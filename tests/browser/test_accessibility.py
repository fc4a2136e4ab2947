"""Accessibility and quality of every public page type, in both languages.

axe-core finds no serious or critical violation (light and dark colours); no console error and no
CSP violation, under a policy that allows no inline script; at 360 px wide nothing scrolls sideways
and no text, labels and credits included, is under 16 px; the story page works from the keyboard
alone (skip link, visible focus, the language switcher reachable by Tab and working).
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import describe_violations, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGS = ("en", "zh-hans")
STORY = "nvidia-moves-ai-supercomputer-manufacturing-onto-us-soil"
TAG = "nvidia"
HALF_TRANSLATED = "field-notes-inside-a-liquid-cooled-hall-built-for-ai-training"  # no Chinese captions
# Every rendered element with text of its own: labels, dates and credits count, not only the body.
SMALL_TEXT_JS = """() => [...document.querySelectorAll("body, body *")]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
    .map((el) => [el.tagName + "." + el.className, parseFloat(getComputedStyle(el).fontSize)])
    .filter(([, size]) => size < 16)"""


def page_url(name: str, lang: str) -> tuple[str, int]:
    """Return (path, expected status) of a page type in a language."""
    with translation.override(lang):
        if name == "home":
            return reverse("articles:index"), 200
        if name == "story":
            return reverse("articles:detail", kwargs={"slug": STORY}), 200
        if name == "tag":
            return reverse("articles:tag", kwargs={"slug": TAG}), 200
        if name == "search":
            return reverse("articles:search") + "?q=" + ("chips" if lang == "en" else "芯片"), 200
        return f"/{lang}/no-such-page/", 404


def open_page(page, live_server, name: str, lang: str):
    path, status = page_url(name, lang)
    url = live_server.url + path
    if status != 200:
        page.watcher.expect_status(url, status)
    response = page.goto(url)  # waits for "load": styles and every eager image are in
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == lang
    return response


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", ["home", "story", "tag", "search", "404"])
def test_page_quality(new_page, live_server, demo, name, lang):
    page = new_page(axe=True)
    response = open_page(page, live_server, name, lang)

    violations = run_axe(page)
    assert violations == [], describe_violations(violations)

    # Phone width: the same page, re-laid out.
    page.set_viewport_size({"width": 360, "height": 780})
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= 360 and widths[1] <= 360, f"scrolls sideways at 360 px: {widths}"
    assert page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    small = sorted(set(map(tuple, page.evaluate(SMALL_TEXT_JS))))
    assert small == [], f"text under 16 px at 360 px wide: {small}"

    # The policy that makes any inline script a violation (which the watcher would report).
    policy = response.all_headers().get("content-security-policy", "")
    script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
    assert script_src.split() == ["script-src", "'self'"], policy
    page.watcher.assert_clean()


def test_dark_colour_scheme_and_a_half_translated_story(new_page, live_server, demo):
    """The dark palette passes axe too, on a story whose Chinese falls back to English in places."""
    page = new_page(axe=True)
    page.emulate_media(color_scheme="dark")
    problems = {}
    for lang in LANGS:
        for path in (
            page_url("home", lang)[0],
            page_url("story", lang)[0],
            f"/{lang}/stories/{HALF_TRANSLATED}/",
            page_url("search", lang)[0],
        ):
            page.goto(live_server.url + path)
            if found := run_axe(page):
                problems[path] = describe_violations(found)
    page.goto(f"{live_server.url}/zh-hans/stories/{HALF_TRANSLATED}/")
    assert page.locator(".notice").is_visible()  # the page checked above did show English fallbacks
    assert page.locator("main [lang=en]").count() > 0
    assert problems == {}
    page.watcher.assert_clean()


FOCUSED_JS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName, cls: el.className, text: el.textContent.trim(), href: el.getAttribute("href"),
        inSwitcher: !!el.closest(".lang-switch"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
        visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
            && box.bottom <= window.innerHeight && box.right <= window.innerWidth,
    };
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_story_page_works_from_the_keyboard(page, live_server, demo, lang):
    other = "zh-hans" if lang == "en" else "en"
    open_page(page, live_server, "story", lang)

    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED_JS)
    assert "skip-link" in skip["cls"] and skip["href"] == "#main", f"first Tab focused {skip}"
    assert skip["visible"] and (skip["outline"] or skip["shadow"]), f"skip link not visibly focused: {skip}"

    stops = []
    for _ in range(10):  # the switcher sits in the header: a few stops after the skip link
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        stops.append(focused)
        assert focused["visible"] and (focused["outline"] or focused["shadow"]), f"focus hidden: {focused}"
        if focused["inSwitcher"]:
            break
    assert stops[-1]["inSwitcher"], f"Tab never reached the language switcher: {[s['text'] for s in stops]}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{other}/stories/{STORY}/")
    assert page.locator("html").get_attribute("lang") == other

    # On the page in the other language, the skip link moves focus past the header.
    page.keyboard.press("Tab")
    assert "skip-link" in page.evaluate(FOCUSED_JS)["cls"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.watcher.assert_clean()
