"""Flow 4, hostile content: a story whose every text field carries a script payload renders inert.

On every page that shows it (story, home, section, tag, search, the admin) in both languages: no
dialog opens, no console error (CSP violations included) and no request leaves the site.
"""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, ArticleImage
from tests.browser.conftest import admin_login, make_account
from tests.factories import make_article, make_image, make_section, make_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIL = "https://evil.example"
SCRIPT = "<script>alert('script')</script>"
IMG = "<img src=x onerror=alert('img')>"
SVG = "<svg onload=alert('svg')><script>alert('svg-script')</script></svg>"
FOREIGN = f'<img src="{EVIL}/pixel.gif"><link rel="stylesheet" href="{EVIL}/x.css">'
BODY = "\n\n".join(
    [
        f"Opening line {SCRIPT} {IMG}",
        "[a javascript link](javascript:alert('md-link')) and <a href=\"javascript:alert('a')\">raw</a>",
        "[entity link](javascript&#58;alert('entity')) <a href=\"jav&#x09;ascript:alert('tab')\">tab</a>",
        f"{SVG} <svg><a xlink:href=\"javascript:alert('svg-link')\"><text>svg link</text></a></svg>",
        f"![tracker]({EVIL}/tracker.png) {FOREIGN}",
        f'<iframe src="{EVIL}/frame"></iframe><object data="{EVIL}/x.swf"></object>',
        "<details open ontoggle=alert('toggle')>d</details><input autofocus onfocus=alert('focus')>",
        "<div style=\"background:url(javascript:alert('css'))\">styled</div>",
        "[image 1]",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
    ]
)
# Accepted by the URL validators (https, no spaces), yet hostile if a template forgot to escape it.
HOSTILE_WEB_URL = "https://example.com/x\"><script>alert('url')</script>?a=<img/src=x/onerror=alert(1)>"
SCRIPT_URLS = ["javascript:alert('url')", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>"]

DOM_CHECK = """() => ({
    scripts: [...document.scripts].filter((s) => s.type !== "application/ld+json").map((s) => s.src),
    handlers: [...document.querySelectorAll("*")].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => el.tagName + " " + a.name)),
    scriptUrls: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
        .map((el) => el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action") || "")
        .filter((url) => /^\\s*(javascript|vbscript|data):/i.test(url.replace(/[\\x00-\\x20]/g, ""))),
    frames: document.querySelectorAll("iframe, object, embed, svg script").length,
})"""


def hostile_story() -> Article:
    section = make_section(slug="hostile-desk", name_en=f"Desk {SCRIPT}", name_zh_hans=f"编辑部 {SVG}")
    tag = make_tag(slug="hostile-tag", name_en=f"Tag {IMG}", name_zh_hans=f"标签 {SCRIPT}")
    story = make_article(
        slug="hostile-story",
        section=section,
        tags=[tag],
        title_en=f"Hostile headline {SCRIPT}{IMG}",
        title_zh_hans=f"恶意标题 {SVG}",
        dek_en=f"Hostile dek {IMG} {FOREIGN}",
        dek_zh_hans=f"恶意摘要 {SCRIPT}",
        body_en=BODY,
        body_zh_hans="恶意正文\n\n" + BODY,
        why_it_matters_en=f"Why {SVG} {FOREIGN}",
        why_it_matters_zh_hans=f"为何 {IMG}",
        source_name=f"Source {SCRIPT}",
        source_url=HOSTILE_WEB_URL,
    )
    image = make_image(
        story,
        alt_text_en=f"alt\" onerror=\"alert('alt') {IMG}",
        alt_text_zh_hans=f"替代 {SCRIPT}",
        caption_en=f"Caption {SVG}",
        caption_zh_hans=f"图注 {FOREIGN}",
        credit=f"Credit {SCRIPT}",
        credit_url=HOSTILE_WEB_URL,
    )
    # The URL fields refuse script URLs: they can only hold the (escaped) web URL above.
    for url in SCRIPT_URLS:
        image.credit_url = story.source_url = url
        with pytest.raises(ValidationError):
            image.full_clean()
        with pytest.raises(ValidationError):
            story.full_clean()
    for obj in (story, image):
        obj.refresh_from_db()
        obj.full_clean()  # everything stored above passes the models' own validation
    return story


def assert_inert(page) -> None:
    found = page.evaluate(DOM_CHECK)
    assert found == {"scripts": [], "handlers": [], "scriptUrls": [], "frames": 0}, found
    page.watcher.assert_clean()


def test_hostile_story_renders_inert_everywhere(page, live_server):
    story = hostile_story()
    assert ArticleImage.objects.get(article=story).renditions
    base = live_server.url
    for lang in ("en", "zh-hans"):
        for path in (
            f"/{lang}/stories/hostile-story/",
            f"/{lang}/",
            f"/{lang}/sections/hostile-desk/",
            f"/{lang}/tags/hostile-tag/",
            f"/{lang}/search/?q=alert",
            f"/{lang}/search/?q=" + ("Hostile" if lang == "en" else "恶意"),
        ):
            # "load" comes after every image has loaded or failed, so onerror would have fired.
            response = page.goto(base + path)
            assert response.status == 200, path
            assert_inert(page)
        # The payloads are shown as text, not dropped and not run.
        page.goto(f"{base}/{lang}/stories/hostile-story/")
        title = story.title_en if lang == "en" else story.title_zh_hans
        assert page.locator("h1").inner_text() == title
        assert page.locator("main img").count() == 1  # the story's own picture only
    assert "search-result" in page.goto(f"{base}/en/search/?q=Hostile").text()

    # The editor opening it in the admin runs none of it either.
    user, password = make_account(superuser=True)
    admin_login(page, live_server, user, password)
    for path in (f"/admin/articles/article/{story.pk}/change/", "/admin/articles/article/"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(DOM_CHECK)
        assert found["handlers"] == [] and found["scriptUrls"] == [] and found["frames"] == 0, found
        page.watcher.assert_clean()
