"""Never lose work, in a real browser: autosave and restore, the leave warning, presence in two contexts."""

import pytest
from django.urls import reverse

from articles.admin.lock_state import clock_time
from articles.models import Article, AutosaveDraft, EditingPresence
from articles.roles import EDITORS
from tests.browser.conftest import PageWatcher, admin_login, make_account
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_story(page, live_server, article):
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))


def editor_page(new_page, live_server, *, first_name="", last_name="", axe=False):
    user, password = make_account(role=EDITORS)
    user.first_name, user.last_name = first_name, last_name
    user.save()
    page = new_page(axe=axe)
    admin_login(page, live_server, user, password)
    return page, user


def test_autosave_on_leaving_a_field_then_restore_on_reopening(new_page, live_server):
    article = make_article(title_en="Tidal turbine array starts up", dek_en="The first of six turbines.")
    page, user = editor_page(new_page, live_server)
    open_story(page, live_server, article)
    dek = page.locator("#id_dek_en")
    dek.click()
    dek.press("End")
    dek.press_sequentially(" Five more follow in spring.")
    page.locator("#id_title_en").click()  # leaving the field autosaves
    status = page.locator("#gz-autosave-status")
    status.get_by_text("Autosaved at").wait_for()
    draft = AutosaveDraft.objects.get(user=user)
    assert draft.fields["dek_en"] == "The first of six turbines. Five more follow in spring."
    assert Article.objects.get(pk=article.pk).dek_en == "The first of six turbines."

    # Reopen in another tab (the first still holds unsaved text, so leaving it would ask).
    again = page.context.new_page()
    again.watcher = PageWatcher(again, live_server.url)
    open_story(again, live_server, article)
    offer = again.locator(".gz-autosave")
    assert "You have unsaved text from" in offer.inner_text()
    assert "Five more follow in spring." in offer.locator("ins").first.inner_text()
    offer.get_by_role("link", name="Restore the autosaved text").click()
    again.wait_for_url("**/?autosave=restore")
    assert again.locator("#id_dek_en").input_value().endswith("Five more follow in spring.")
    assert Article.objects.get(pk=article.pk).dek_en == "The first of six turbines."
    again.get_by_role("button", name="Save", exact=True).click()
    again.wait_for_url(live_server.url + reverse("admin:articles_article_changelist"))
    assert Article.objects.get(pk=article.pk).dek_en.endswith("Five more follow in spring.")
    assert not AutosaveDraft.objects.exists()
    again.watcher.assert_clean()


def test_discarding_the_autosave_keeps_the_story(new_page, live_server):
    article = make_article(title_en="Heat pump sales double")
    page, user = editor_page(new_page, live_server, axe=True)
    AutosaveDraft.objects.create(user=user, article=article, fields={"title_en": "Heat pump sales triple"})
    open_story(page, live_server, article)
    # The offer itself passes axe (the admin around it is Django's). axe's own probes on admin
    # pages trip the CSP (inline styles), so the page must be clean before and is reset after.
    page.watcher.assert_clean()
    violations = page.evaluate(
        """async () => (await axe.run({include: [".gz-autosave"]}, {resultTypes: ["violations"]}))
            .violations.filter(v => ["serious", "critical"].includes(v.impact)).map(v => v.id)"""
    )
    assert violations == []
    page.watcher.console_errors.clear()
    page.get_by_role("button", name="Discard it").click()
    page.get_by_text("The autosaved text was discarded.").wait_for()
    assert page.locator(".gz-autosave").count() == 0
    assert page.locator("#id_title_en").input_value() == "Heat pump sales double"
    assert not AutosaveDraft.objects.exists()
    page.watcher.assert_clean()


def test_leaving_with_unsaved_changes_asks_and_leaving_a_clean_form_does_not(new_page, live_server):
    article = make_article(title_en="Geothermal well drilled")
    page, _user = editor_page(new_page, live_server)
    history = reverse("admin:articles_article_history", args=[article.pk])

    open_story(page, live_server, article)
    page.locator(f'a[href="{history}"]').first.click()  # nothing typed: leaves without a question
    page.wait_for_url(live_server.url + history)
    assert page.watcher.dialogs == []

    open_story(page, live_server, article)
    title = page.locator("#id_title_en")
    title.click()
    title.press("End")
    title.press_sequentially(" deep")
    page.locator(f'a[href="{history}"]').first.click()
    page.wait_for_timeout(500)
    assert len(page.watcher.dialogs) == 1  # the browser's "leave site?" question, dismissed: we stay
    assert "/change/" in page.url
    page.watcher.dialogs.clear()

    # Saving is not leaving with unsaved changes.
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    assert page.watcher.dialogs == []
    assert Article.objects.get(pk=article.pk).title_en == "Geothermal well drilled deep"


def test_presence_names_who_else_has_the_story_open_and_since_when(new_page, live_server):
    article = make_article(title_en="Solar canal pilot")
    first, li_na = editor_page(new_page, live_server, first_name="Li", last_name="Na")
    second, omar = editor_page(new_page, live_server, first_name="Omar", last_name="Haddad")

    open_story(first, live_server, article)
    assert first.locator("#gz-presence").inner_text().strip() == ""
    opened = EditingPresence.objects.get(user=li_na).opened_at

    open_story(second, live_server, article)
    notice = second.locator("#gz-presence")
    assert notice.inner_text().strip() == f"Li Na is editing this story since {clock_time(opened)}."

    first.reload()
    assert "Omar Haddad is editing this story since" in first.locator("#gz-presence").inner_text()
    assert "Li Na" not in first.locator("#gz-presence").inner_text()
    first.watcher.assert_clean()
    second.watcher.assert_clean()

    # Omar leaves the page: his beacon ends his presence, and Li Na's next look says nobody else.
    second.goto(live_server.url + reverse("admin:index"))
    second.wait_for_timeout(500)
    assert not EditingPresence.objects.filter(user=omar).exists()
    first.reload()
    assert first.locator("#gz-presence").inner_text().strip() == ""


def test_live_word_and_character_counts(new_page, live_server):
    article = make_article(title_en="Three word headline", title_zh_hans="三个字")
    page, _user = editor_page(new_page, live_server)
    open_story(page, live_server, article)
    english = page.locator("#id_title_en + .gz-count")
    assert english.inner_text() == "3 words"
    page.locator("#id_title_en").fill("Now it has five words")
    assert english.inner_text() == "5 words"
    page.locator('a[href="#tab_id_title_zh_hans"]').click()
    assert page.locator("#id_title_zh_hans + .gz-count").inner_text() == "3 characters"
    page.watcher.assert_clean()


def test_a_portrait_picture_never_fills_more_than_most_of_the_screen(new_page, live_server, settings):
    from django.core.files.base import ContentFile

    from articles.models import ArticleImage
    from tests.factories import jpeg_bytes

    article = make_article(title_en="Tall lighthouse restored", body_en="Intro.\n\n[image 1]\n\nMore.")
    image = ArticleImage(article=article, position=1, alt_text_en="A tall lighthouse", credit="example.com")
    image.image = ContentFile(jpeg_bytes(size=(900, 1800)), name="lighthouse.jpg")
    image.save()
    page = new_page()
    page.goto(live_server.url + article.get_absolute_url())
    box = page.locator(".figure__media img").first.bounding_box()
    viewport = page.viewport_size
    assert box["height"] <= 0.8 * viewport["height"] + 1
    assert box["width"] > 0
    page.watcher.assert_clean()


def test_changing_a_published_slug_shows_a_checkbox_with_a_warning_first(new_page, live_server):
    article = make_article(title_en="Carbon capture plant opens", slug="carbon-capture-plant")
    page, _user = editor_page(new_page, live_server)
    open_story(page, live_server, article)
    assert page.locator("#id_confirm_slug_change").get_attribute("type") == "hidden"
    page.locator("summary", has_text="Advanced").click()
    page.locator("#id_slug").fill("carbon-capture-plant-iceland")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    warning = page.locator(".field-confirm_slug_change")
    assert "links to the old address will redirect" in warning.inner_text()
    assert Article.objects.get(pk=article.pk).slug == "carbon-capture-plant"
    page.get_by_label("Change the public address").check()
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    assert Article.objects.get(pk=article.pk).slug == "carbon-capture-plant-iceland"
    page.goto(live_server.url + "/en/stories/carbon-capture-plant/")
    assert page.url == live_server.url + "/en/stories/carbon-capture-plant-iceland/"
    page.watcher.assert_clean()
