"""Flow 1, the reader: home, a story, a tag page, then Chinese through the language switcher.

Every picture must decode in the browser and come from a rendition, never the uploaded original.
"""

import pytest

from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = "nvidia-moves-ai-supercomputer-manufacturing-onto-us-soil"
OTHER_STORY = "tsmc-outlines-advanced-packaging-plans-for-its-arizona-campus"
# In the NVIDIA story's Chinese body and caption, and in no other demo story.
CHINESE_WORD = "数字孪生"


def load_every_image(page) -> list[dict]:
    """Scroll each <img> into view (lazy ones load only then), wait for it, and describe it."""
    images = page.locator("main img")
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('main img')].every((img) => img.complete)")
    return page.evaluate(
        """() => [...document.querySelectorAll('main img')].map((img) => ({
            alt: img.alt, src: img.currentSrc, width: img.naturalWidth}))"""
    )


def assert_renditions(images: list[dict], media_url: str) -> None:
    assert images, "the page shows no image"
    for image in images:
        assert image["width"] > 0, f"did not load: {image}"
        assert f"{media_url}renditions/" in image["src"], f"not a rendition: {image}"
        assert "/originals/" not in image["src"]


def test_reader_reads_a_story_then_its_tag_then_switches_to_chinese(page, live_server, demo):
    story = Article.objects.get(slug=STORY)
    images = list(story.images.order_by("position"))
    assert len(images) == 2
    media_url = f"{live_server.url}/media/"

    page.goto(f"{live_server.url}/en/")
    assert page.locator("h1").inner_text() == "Latest stories"
    assert_renditions(load_every_image(page), media_url)  # the cards' pictures
    page.get_by_role("link", name=story.title_en, exact=True).click()

    page.wait_for_url(f"**/en/stories/{STORY}/")
    assert page.locator("h1").inner_text() == story.title_en
    assert page.get_by_text("Partners in Arizona and Texas are to fabricate chips").is_visible()
    shown = load_every_image(page)
    assert_renditions(shown, media_url)
    assert [image["alt"] for image in shown] == [image.alt_text_en for image in images]
    assert page.locator(".figure__credit").all_inner_texts() == ["Image source: blogs.nvidia.com"] * 2
    assert page.locator(".notice").count() == 0

    page.locator(".story__tags").get_by_role("link", name="NVIDIA", exact=True).click()
    page.wait_for_url("**/en/tags/nvidia/")
    assert page.locator("h1").inner_text() == "NVIDIA"
    assert page.get_by_role("link", name=story.title_en, exact=True).count() == 1
    assert page.get_by_role("link", name=Article.objects.get(slug=OTHER_STORY).title_en).count() == 0

    page.get_by_role("navigation", name="Language").get_by_role("link", name="中文").click()
    page.wait_for_url("**/zh-hans/tags/nvidia/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "英伟达"
    page.get_by_role("link", name=story.title_zh_hans, exact=True).click()

    page.wait_for_url(f"**/zh-hans/stories/{STORY}/")
    assert page.locator("h1").inner_text() == story.title_zh_hans
    assert page.locator(".story__dek").inner_text() == story.dek_zh_hans
    assert page.get_by_text("新工厂预计在未来 12 到 15 个月内逐步上量").is_visible()
    assert page.get_by_text("Partners in Arizona and Texas").count() == 0
    assert page.locator(".figure__caption").all_inner_texts() == [image.caption_zh_hans for image in images]
    assert page.locator(".figure__credit").all_inner_texts() == ["图片来源：blogs.nvidia.com"] * 2
    shown = load_every_image(page)
    assert_renditions(shown, media_url)
    assert [image["alt"] for image in shown] == [image.alt_text_zh_hans for image in images]
    assert page.locator(".notice").count() == 0, "a fully translated story shows no fallback notice"
    # The choice is remembered: the bare address now leads to Chinese.
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/zh-hans/"
    page.watcher.assert_clean()


def test_reader_finds_a_story_by_a_chinese_word(page, live_server, demo):
    story = Article.objects.get(slug=STORY)
    page.goto(f"{live_server.url}/zh-hans/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill(CHINESE_WORD)
    box.press("Enter")
    page.wait_for_url("**/zh-hans/search/?q=*")
    assert page.locator("h1").inner_text() == f"“{CHINESE_WORD}”的搜索结果"
    results = page.locator(".search-results")
    assert results.get_by_role("link", name=story.title_zh_hans, exact=True).count() == 1
    assert results.get_by_role("link", name=Article.objects.get(slug=OTHER_STORY).title_zh_hans).count() == 0
    assert results.locator("mark", has_text=CHINESE_WORD).count() >= 1
    page.watcher.assert_clean()
