"""Autosave drafts and presence through HTTP: per user, never over the story, offered back, named."""

import pytest
from django.urls import reverse
from reversion.models import Revision

from articles.admin.lock_state import clock_time
from articles.models import Article, AutosaveDraft, EditingPresence
from tests.admin.test_locking import client_for, open_form, save
from tests.factories import make_article, make_staff_user, make_superuser

pytestmark = pytest.mark.django_db


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def change_page(client, article, **params) -> str:
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def li_na():
    user = make_superuser("lina")
    user.first_name, user.last_name = "Li", "Na"
    user.save()
    return user


def test_autosave_keeps_a_per_user_draft_and_never_touches_the_story(client, li_na):
    article = make_article(title_en="Cobalt mine expands")
    editor = client_for(li_na)
    revisions, version = Revision.objects.count(), article.version
    response = editor.post(
        autosave_url(article), {"title_en": "Cobalt mine expands again", "status": "draft"}
    )
    assert response.status_code == 200 and "saved_at" in response.json()
    draft = AutosaveDraft.objects.get()
    assert draft.user == li_na and draft.fields == {"title_en": "Cobalt mine expands again"}  # no status
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.title_en, fresh.version) == ("Cobalt mine expands", version)
    assert Revision.objects.count() == revisions
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Cobalt mine expands again" not in page and "Cobalt mine expands" in page


def test_reopening_offers_the_autosave_with_a_diff_and_restore_fills_the_form(li_na):
    article = make_article(title_en="Lithium price falls")
    editor = client_for(li_na)
    editor.post(autosave_url(article), {"title_en": "Lithium price falls sharply"})
    html = change_page(editor, article)
    assert "You have unsaved text from" in html and "Restore the autosaved text" in html
    assert '<ins class="gz-ins">Lithium price falls sharply</ins>' in html
    # Another user sees nothing of it.
    other = client_for(make_superuser("omar"))
    assert "You have unsaved text" not in change_page(other, article)

    restored = change_page(editor, article, autosave="restore")
    assert 'value="Lithium price falls sharply"' in restored and 'data-restored="1"' in restored
    assert Article.objects.get(pk=article.pk).title_en == "Lithium price falls"
    # Saving the restored form saves the text, records it and deletes the autosave.
    form = open_form(editor, article)
    assert save(editor, article, {**form, "title_en": "Lithium price falls sharply"}).status_code == 302
    assert Article.objects.get(pk=article.pk).title_en == "Lithium price falls sharply"
    assert not AutosaveDraft.objects.exists()


def test_discard_deletes_the_autosave_and_only_it(li_na):
    article = make_article(title_en="Nickel smelter closes")
    editor = client_for(li_na)
    editor.post(autosave_url(article), {"title_en": "Nickel smelter closes early"})
    response = editor.post(reverse("admin:articles_article_autosave_discard", args=[article.pk]))
    assert response.status_code == 302 and not AutosaveDraft.objects.exists()
    assert "You have unsaved text" not in change_page(editor, article)
    assert Article.objects.get(pk=article.pk).title_en == "Nickel smelter closes"


def test_an_autosave_identical_to_the_story_is_not_offered(li_na):
    article = make_article(title_en="Copper output steady")
    editor = client_for(li_na)
    editor.post(autosave_url(article), {"title_en": "Copper output steady"})
    assert "You have unsaved text" not in change_page(editor, article)


def test_a_translators_autosave_keeps_only_chinese(client):
    article = make_article()
    translator = client_for(make_staff_user("Translators"))
    translator.post(autosave_url(article), {"title_en": "Forged English", "title_zh_hans": "新的中文标题"})
    assert AutosaveDraft.objects.get().fields == {"title_zh_hans": "新的中文标题"}


def test_autosave_needs_post_and_change_permission(client, li_na):
    article = make_article()
    assert client_for(li_na).get(autosave_url(article)).status_code == 405
    client.post(autosave_url(article), {"title_en": "x"})
    assert not AutosaveDraft.objects.exists()


def test_opening_a_story_someone_opened_says_who_and_since_when(li_na):
    article = make_article()
    first = client_for(li_na)
    assert "is editing this story" not in change_page(first, article)
    opened = EditingPresence.objects.get(user=li_na).opened_at
    second = client_for(make_superuser("omar"))
    html = change_page(second, article)
    assert f"Li Na is editing this story since {clock_time(opened)}." in html
    # Li Na's page learns of Omar through the presence ping.
    ping = first.post(reverse("admin:articles_article_presence", args=[article.pk]))
    omar_opened = EditingPresence.objects.get(user__username="omar").opened_at
    assert ping.json()["others"] == [f"omar is editing this story since {clock_time(omar_opened)}."]


def test_presence_older_than_two_minutes_is_not_shown(li_na):
    from datetime import timedelta

    from django.utils import timezone

    article = make_article()
    change_page(client_for(li_na), article)
    EditingPresence.objects.update(seen_at=timezone.now() - timedelta(minutes=3))
    assert "is editing this story" not in change_page(client_for(make_superuser("omar")), article)


def test_form_carries_word_count_attributes_and_the_script(li_na):
    article = make_article()
    html = change_page(client_for(li_na), article)
    assert 'data-gz-count="words"' in html and 'data-gz-count="characters"' in html
    assert "js/admin-editor.js" in html and "<script>" not in html


def test_presence_and_conflict_speak_chinese_to_a_chinese_editor(li_na):
    article = make_article()
    change_page(client_for(li_na), article)
    omar = client_for(make_superuser("omar"))
    omar.cookies["django_language"] = "zh-hans"
    html = omar.get(
        reverse("admin:articles_article_change", args=[article.pk]), headers={"accept-language": "zh-hans"}
    ).content.decode()
    assert "Li Na 自 " in html and " 起正在编辑这篇报道。" in html
    assert "is editing this story" not in html


def test_saving_and_leaving_ends_the_presence_and_save_and_continue_keeps_it(li_na):
    article = make_article()
    editor = client_for(li_na)
    form = open_form(editor, article)
    assert save(editor, article, {**form, "dek_en": "Kept editing.", "_continue": "1"}).status_code == 302
    assert EditingPresence.objects.filter(user=li_na).exists()
    form = open_form(editor, article)
    assert save(editor, article, {**form, "dek_en": "Done now."}).status_code == 302
    assert not EditingPresence.objects.filter(user=li_na).exists()
    assert "is editing this story" not in change_page(client_for(make_superuser("omar")), article)


def test_the_leaving_beacon_ends_the_presence(li_na):
    article = make_article()
    editor = client_for(li_na)
    change_page(editor, article)
    url = reverse("admin:articles_article_presence", args=[article.pk])
    assert editor.post(url, {"leaving": "1"}).json() == {"others": []}
    assert not EditingPresence.objects.exists()
    assert "is editing this story" not in change_page(client_for(make_superuser("omar")), article)
