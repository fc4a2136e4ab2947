"""The translator's desk in a browser: terms marked, memory suggestions, and one-click Insert under the CSP.

Set GZ_SCREENSHOT_DIR to also save a screenshot of the form (the README's picture).
"""

import os
from pathlib import Path

import pytest

from articles.models import StaffPreference, TermPair
from articles.roles import TRANSLATORS
from articles.translations import memory
from tests.browser.conftest import admin_login, make_account
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_insert_puts_an_exact_match_into_the_chinese_field(new_page, live_server):
    TermPair.objects.create(english="NVIDIA", chinese="英伟达")
    TermPair.objects.create(english="data center", chinese="数据中心")
    earlier = make_article(
        title_en="NVIDIA opens a data center",
        title_zh_hans="英伟达新建数据中心",
        body_en="NVIDIA opened a data center in Texas. It runs on solar power.",
        body_zh_hans="英伟达在得克萨斯州新建了一座数据中心。它使用太阳能供电。",
        slug="earlier-data-center",
    )
    memory.refresh_story(earlier)
    story = make_article(
        title_en="NVIDIA expands its data centers",
        title_zh_hans="",
        body_en="NVIDIA opened a data center in Texas. A second one follows in Arizona.",
        body_zh_hans="",
        slug="nvidia-expands",
    )
    user, password = make_account(role=TRANSLATORS)
    page = new_page()
    admin_login(page, live_server, user, password)
    StaffPreference.objects.create(user=user, language="zh-hans")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("label[for=id_body_zh_hans]").inner_text() == "中文正文:"  # no language tabs
    assert page.locator("mark.gz-term", has_text="NVIDIA").count() >= 1
    insert = page.get_by_role("button", name="插入").first
    assert insert.is_visible()  # shown by the static script, so the CSP let it run
    insert.click()
    assert page.locator("#id_body_zh_hans").input_value() == "英伟达在得克萨斯州新建了一座数据中心。"
    if os.environ.get("GZ_SCREENSHOT_DIR"):
        page.locator("div.form-row.field-body_source").screenshot(
            path=str(Path(os.environ["GZ_SCREENSHOT_DIR"]) / "translator-desk.png")
        )
    page.watcher.assert_clean()
