"""Flow 3, the translator: from the translation queue to a finished Chinese story.

The translator fills in the missing Chinese fields of a half-translated story; the story becomes
complete, its Chinese page loses the "not fully translated" notice, and at no point does the
translator's form offer an English field to edit.
"""

import pytest

from articles.roles import TRANSLATORS
from tests.browser.conftest import admin_login, make_account
from tests.factories import make_article, make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHINESE = {
    "dek_zh_hans": "边缘设备上的小模型首次在离线状态下完成了全部质检任务。",
    "body_zh_hans": "工厂在断网的情况下运行了一整周。\n\n质检员说，误报率比以前更低。",
    "why_it_matters_zh_hans": "离线运行意味着工厂数据不必离开车间。",
}
IMAGE_CHINESE = {
    "alt_text_zh_hans": "质检工位上的摄像头对准一块电路板",
    "caption_zh_hans": "离线模型在工位上检查电路板。",
}


def editable_fields(page) -> list[str]:
    """Names of the story form's inputs a person can type into or change."""
    return page.evaluate(
        """() => [...document.querySelectorAll("#article_form :is(input, textarea, select)")]
            .filter((el) => el.name && !el.disabled && !el.readOnly && el.type !== "hidden")
            .filter((el) => !["submit", "button"].includes(el.type))
            .map((el) => el.name)"""
    )


def test_translator_completes_the_chinese_side_from_the_queue(new_page, live_server):
    story = make_article(
        title_en="Offline inspection models pass a factory trial",
        title_zh_hans="离线质检模型通过工厂试验",
        dek_en="A small model on edge devices ran every inspection without the network.",
        dek_zh_hans="",
        body_en="The plant ran cut off from the network for a week.\n\nInspectors say false alarms fell.",
        body_zh_hans="",
        why_it_matters_en="Offline means the factory's data stays on the floor.",
        why_it_matters_zh_hans="",
        slug="offline-inspection-models-pass-a-factory-trial",
    )
    make_image(
        story,
        alt_text_en="A camera over a circuit board at an inspection station",
        alt_text_zh_hans="",
        caption_en="The offline model checks a board at the station.",
        caption_zh_hans="",
    )
    chinese_url = f"{live_server.url}/zh-hans/stories/{story.slug}/"
    page = new_page()
    page.goto(chinese_url)  # a reader's visit puts the page in the page cache
    assert page.locator(".notice").inner_text() == "本文尚未完全翻译，部分内容以英文显示。"
    reader = new_page()  # another reader gets the cached copy
    assert reader.goto(chinese_url).headers["x-page-cache"] == "hit"

    user, password = make_account(role=TRANSLATORS)
    admin_login(page, live_server, user, password)
    page.get_by_role("link", name="Translation queue").click()
    row = page.locator("tr.gz-queue-row", has_text=story.title_en)
    assert row.locator(".gz-missing-count").inner_text() == "5"
    row.get_by_role("link", name=story.title_en).click()
    page.wait_for_url(f"**/admin/articles/article/{story.pk}/change/")

    editable = editable_fields(page)
    assert not [name for name in editable if name.endswith("_en")], f"English is editable: {editable}"
    assert not {"status", "section", "published_at_0", "slug", "source_url"} & set(editable)
    chinese = {*CHINESE, "title_zh_hans", *(f"images-0-{name}" for name in IMAGE_CHINESE)}
    assert chinese <= set(editable), editable
    # The English is there to translate from, as text.
    assert page.locator(".gz-source", has_text="The plant ran cut off from the network").count() == 1
    assert page.get_by_role("button", name="Add another Image").count() == 0

    for name, text in CHINESE.items():
        page.locator(f"#id_{name}").fill(text)
    for name, text in IMAGE_CHINESE.items():
        page.locator(f"#id_images-0-{name}").fill(text)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/articles/article/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    row = page.locator("#result_list tr", has_text=story.title_en)
    assert row.locator(".gz-badge").inner_text() == "zh 100%"
    assert row.locator(".gz-badge-state").inner_text() == "complete"

    page.get_by_role("link", name="Translation queue").first.click()
    page.wait_for_url("**/translation-queue/")
    assert page.locator("tr.gz-queue-row", has_text=story.title_en).count() == 0

    # The reader comes back: the save made the cached page stale.
    assert reader.goto(chinese_url).headers["x-page-cache"] == "miss"
    assert reader.locator("h1").inner_text() == "离线质检模型通过工厂试验"
    assert reader.locator(".story__dek").inner_text() == CHINESE["dek_zh_hans"]
    assert reader.get_by_text("质检员说，误报率比以前更低。").is_visible()
    assert reader.locator(".figure__caption").inner_text() == IMAGE_CHINESE["caption_zh_hans"]
    assert reader.locator(".notice").count() == 0
    assert reader.locator("main [lang=en]").count() == 0, "no English fallback left on the Chinese page"
    reader.watcher.assert_clean()

    story.refresh_from_db()
    assert story.dek_en == "A small model on edge devices ran every inspection without the network."
    page.watcher.assert_clean()
