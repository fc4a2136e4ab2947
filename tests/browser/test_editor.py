"""Flow 2, the editor: log in, write a story in both languages with two uploaded pictures and tags,
publish it, and read it on the site in English and in Chinese."""

import pytest

from articles.models import Article
from articles.roles import EDITORS
from tests.browser.conftest import admin_login, make_account
from tests.browser.test_reader import assert_renditions, load_every_image
from tests.factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = {
    "title_en": "Orchard robots learn to pick by touch",
    "title_zh_hans": "果园机器人学会凭触觉采摘",
    "dek_en": "Soft grippers with pressure sensors cut bruised fruit by a third in a season of trials.",
    "dek_zh_hans": "带压力传感器的软体夹爪在一季试验中让碰伤的果子减少了三分之一。",
    "body_en": "Growers tested the arms on two farms.\n\n[image 1]\n\nThe second season starts in spring.",
    "body_zh_hans": "种植户在两座农场试用了这些机械臂。\n\n[image 1]\n\n第二季试验将于春季开始。",
    "why_it_matters_en": "Picking is the last big manual job on fruit farms.",
    "why_it_matters_zh_hans": "采摘是果园里最后一项大规模人工作业。",
}
PICTURES = [
    {
        "file": ("orchard-arm.jpg", (1400, 900)),
        "alt_text_en": "A robot arm holding an apple in an orchard",
        "alt_text_zh_hans": "果园里一只机械臂正托着一个苹果",
        "caption_en": "The soft gripper closes around the fruit.",
        "caption_zh_hans": "软体夹爪合拢，包住果实。",
        "credit": "farmlab.example.org",
        "credit_url": "https://farmlab.example.org/photos",
    },
    {
        "file": ("sensor-close-up.jpg", (1000, 750)),
        "alt_text_en": "A close-up of a pressure sensor on a rubber finger",
        "alt_text_zh_hans": "橡胶手指上压力传感器的特写",
        "caption_en": "Each finger carries four pressure sensors.",
        "caption_zh_hans": "每根手指上装有四个压力传感器。",
        "credit": "Orchard Robotics Lab",
        "credit_url": "",
    },
]


def fill_translated(page, name: str, values: dict, prefix: str = "") -> None:
    """Fill a translated field: the English tab, then a click on the Chinese tab and its input."""
    page.locator(f"#id_{prefix}{name}_en").fill(values[f"{name}_en"])
    page.locator(f'a[href="#tab_id_{prefix}{name}_zh_hans"]').click()
    chinese = page.locator(f"#id_{prefix}{name}_zh_hans")
    chinese.fill(values[f"{name}_zh_hans"])
    page.locator(f'a[href="#tab_id_{prefix}{name}_en"]').click()


def pick_tag(page, typed: str, name: str) -> None:
    """Type into the tags autocomplete (select2) and pick a suggestion with a click."""
    page.locator(".field-tags .select2-selection").click()
    page.locator(".field-tags .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=name).click()


def test_editor_publishes_a_bilingual_story_with_two_pictures(new_page, live_server, demo, tmp_path):
    reader = new_page()  # a reader puts the home page in the page cache before the story exists
    assert reader.goto(f"{live_server.url}/zh-hans/").headers["x-page-cache"] == "miss"
    assert reader.get_by_role("link", name=STORY["title_zh_hans"]).count() == 0
    assert new_page().goto(f"{live_server.url}/zh-hans/").headers["x-page-cache"] == "hit"

    page = new_page()
    user, password = make_account(role=EDITORS)
    admin_login(page, live_server, user, password)

    page.locator("tr.model-article").get_by_role("link", name="Add").click()
    page.wait_for_url("**/admin/articles/article/add/")
    for name in ("title", "dek", "body", "why_it_matters"):
        fill_translated(page, name, STORY)
    page.get_by_label("Section").select_option(label="Field Notes")
    pick_tag(page, "robo", "Robotics")
    pick_tag(page, "chi", "Chips")
    page.get_by_label("Status").select_option(label="Published")
    page.locator(".field-published_at .datetimeshortcuts").first.get_by_role("link", name="Today").click()
    page.locator(".field-published_at .datetimeshortcuts").nth(1).get_by_role("link", name="Now").click()
    page.locator("#id_source_name").fill("Farm Lab Notes")
    page.locator("#id_source_url").fill("https://farmlab.example.org/notes/soft-grippers")

    for n, picture in enumerate(PICTURES):
        page.get_by_role("button", name="Add another Image").click()
        filename, size = picture["file"]
        path = tmp_path / filename
        path.write_bytes(image_bytes(size=size))
        page.locator(f"#id_images-{n}-image").set_input_files(path)
        page.locator(f"#id_images-{n}-position").fill(str(n + 1))
        fill_translated(page, "alt_text", picture, prefix=f"images-{n}-")
        fill_translated(page, "caption", picture, prefix=f"images-{n}-")
        page.locator(f"#id_images-{n}-credit").fill(picture["credit"])
        page.locator(f"#id_images-{n}-credit_url").fill(picture["credit_url"])

    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/articles/article/")
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    story = Article.objects.get(title_en=STORY["title_en"])
    assert story.slug == "orchard-robots-learn-to-pick-by-touch"  # made from the headline as typed
    assert story.is_published()
    assert {tag.slug for tag in story.tags.all()} == {"robotics", "chips"}
    images = list(story.images.order_by("position"))
    assert [image.caption_zh_hans for image in images] == [p["caption_zh_hans"] for p in PICTURES]
    assert all(image.renditions for image in images)

    # From the admin to the site: the change form's "View on site".
    page.locator("#result_list").get_by_role("link", name=STORY["title_en"]).click()
    page.locator(".object-tools").get_by_role("link", name="View on site").click()
    page.wait_for_url(f"**/en/stories/{story.slug}/")
    assert page.locator("h1").inner_text() == STORY["title_en"]
    assert page.get_by_text("The second season starts in spring.").is_visible()
    assert_renditions(load_every_image(page), f"{live_server.url}/media/")
    assert page.locator(".figure__caption").all_inner_texts() == [p["caption_en"] for p in PICTURES]
    assert page.locator(".figure__credit").all_inner_texts() == [
        "Image source: farmlab.example.org",
        "Image source: Orchard Robotics Lab",
    ]
    credit_link = page.locator(".figure__credit a")
    assert credit_link.count() == 1 and credit_link.get_attribute("href") == PICTURES[0]["credit_url"]
    assert page.locator(".story__tags a").all_inner_texts() == ["Chips", "Robotics"]

    page.get_by_role("navigation", name="Language").get_by_role("link", name="中文").click()
    page.wait_for_url(f"**/zh-hans/stories/{story.slug}/")
    assert page.locator("h1").inner_text() == STORY["title_zh_hans"]
    assert page.get_by_text("第二季试验将于春季开始。").is_visible()
    assert page.locator(".why p").inner_text() == STORY["why_it_matters_zh_hans"]
    shown = load_every_image(page)
    assert_renditions(shown, f"{live_server.url}/media/")
    assert [image["alt"] for image in shown] == [p["alt_text_zh_hans"] for p in PICTURES]
    assert page.locator(".figure__caption").all_inner_texts() == [p["caption_zh_hans"] for p in PICTURES]
    assert page.locator(".figure__credit").all_inner_texts() == [
        "图片来源：farmlab.example.org",
        "图片来源：Orchard Robotics Lab",
    ]
    assert page.locator(".story__tags a").all_inner_texts() == ["芯片", "机器人"]
    assert page.locator(".notice").count() == 0
    page.watcher.assert_clean()

    # Publishing made the cached home page stale: the reader, whose browser also holds the old
    # page, sees the new story at the top.
    assert reader.goto(f"{live_server.url}/zh-hans/").status == 200
    assert reader.locator(".card--featured").get_by_role("link", name=STORY["title_zh_hans"]).count() == 1
    reader.watcher.assert_clean()
