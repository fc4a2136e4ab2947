"""The admin side of bylines, translator credits, notes and authors: editors and translators."""

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Author, Credit, StoryNote
from tests.admin.test_locking import client_for, open_form, save
from tests.factories import (
    change_url,
    credit,
    make_article,
    make_author,
    make_note,
    make_staff_user,
    make_superuser,
    translator_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return client_for(make_superuser("edgar"))


def credit_rows(prefix: str, authors) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(authors)), f"{prefix}-INITIAL_FORMS": "0"}
    for n, author in enumerate(authors):
        data[f"{prefix}-{n}-author"] = str(author.pk)
        data[f"{prefix}-{n}-position"] = str(n + 1)
    return data


def test_editor_adds_bylines_in_order_and_a_translator_credit(editor):
    story = make_article()
    ada, bram, chen = make_author(), make_author(), make_author()
    form = open_form(editor, story)
    form.update(credit_rows("credits", [bram, ada]))
    form.update(credit_rows("credits-2", [chen]))
    assert save(editor, story, form).status_code == 302
    story.refresh_from_db()
    assert story.bylines() == [bram, ada]
    assert story.translators() == [chen]
    assert Credit.objects.get(author=chen).role == "translator"
    # The form shows each role in its own inline.
    html = editor.get(change_url(story)).content.decode()
    assert 'name="credits-TOTAL_FORMS" value="2"' in html and 'name="credits-2-TOTAL_FORMS" value="1"' in html


def test_the_same_person_twice_in_one_role_is_refused_and_nothing_is_saved(editor):
    story = make_article()
    ada = make_author()
    form = open_form(editor, story)
    form.update(credit_rows("credits", [ada, ada]))
    form["title_en"] = "Headline that must not be saved"
    response = save(editor, story, form)
    assert response.status_code == 200
    assert "is listed twice." in response.content.decode()
    assert not Credit.objects.exists()
    story.refresh_from_db()
    assert story.title_en != "Headline that must not be saved"


def test_story_type_is_chosen_in_the_form(editor):
    story = make_article()
    form = open_form(editor, story)
    assert save(editor, story, {**form, "story_type": "opinion"}).status_code == 302
    story.refresh_from_db()
    assert story.story_type == "opinion"
    form = open_form(editor, story)
    form.pop("story_type")  # a script that predates the field keeps the type
    assert save(editor, story, form).status_code == 302
    story.refresh_from_db()
    assert story.story_type == "opinion"


def test_removing_a_published_note_needs_confirmation_and_is_recorded(editor):
    story = make_article()
    note = make_note(story, text_en="Public correction that readers saw.")
    form = open_form(editor, story)
    form["notes-0-DELETE"] = "on"
    response = save(editor, story, form)
    assert response.status_code == 200
    assert "Tick “Confirm removal” to remove it" in response.content.decode()
    assert StoryNote.objects.filter(pk=note.pk).exists()
    form = open_form(editor, story)
    form.update({"notes-0-DELETE": "on", "notes-0-confirm_removal": "on"})
    assert save(editor, story, form).status_code == 302
    assert not StoryNote.objects.filter(pk=note.pk).exists()
    # The story's history shows the removal (the revision comments are data, worded when shown).
    history = editor.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert '<del class="gz-del">Public correction that readers saw.</del>' in history
    # The history still holds the note as it was, so the removal can be undone by a restore.
    kept = Version.objects.get_for_model(StoryNote).filter(object_id=str(note.pk))
    assert kept.exists() and kept.first().field_dict["text_en"] == "Public correction that readers saw."


def test_a_note_on_a_draft_can_be_removed_without_confirmation(editor):
    story = make_article(status="draft", hours_ago=None)
    note = make_note(story)
    form = open_form(editor, story)
    form["notes-0-DELETE"] = "on"
    assert save(editor, story, form).status_code == 302
    assert not StoryNote.objects.filter(pk=note.pk).exists()


def test_restoring_a_version_restores_its_notes_and_credits(editor):
    story = make_article(title_en="Restorable noted story")
    ada = make_author()
    form = open_form(editor, story)
    noted = timezone.localtime()
    form.update(credit_rows("credits", [ada]))
    form.update(
        {
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "update",
            "notes-0-text_en": "Original update text.",
            "notes-0-noted_at_0": noted.strftime("%Y-%m-%d"),
            "notes-0-noted_at_1": noted.strftime("%H:%M:%S"),
        }
    )
    assert save(editor, story, form).status_code == 302
    with_note = Version.objects.get_for_object(story).order_by("-pk").first()
    form = open_form(editor, story)
    form.update({"notes-0-text_en": "Edited update text.", "credits-0-DELETE": "on"})
    assert save(editor, story, form).status_code == 302
    assert story.notes.get().text_en == "Edited update text." and not story.credits.exists()
    url = reverse("admin:articles_article_revision", args=[story.pk, with_note.pk])
    assert editor.post(url).status_code == 302
    assert story.notes.get().text_en == "Original update text."
    assert story.credits.get().author == ada


def test_translator_edits_a_notes_chinese_only(client):
    story = make_article()
    note = make_note(story, text_en="English-only correction.", text_zh_hans="")
    translator = client_for(make_staff_user("Translators"))
    html = translator.get(change_url(story)).content.decode()
    assert "English-only correction." in html and 'name="notes-0-text_zh_hans"' in html
    assert 'name="notes-0-text_en"' not in html and 'name="credits-TOTAL_FORMS"' not in html
    data = translator_data(story)
    data.update(
        {
            "notes-TOTAL_FORMS": "1",
            "notes-INITIAL_FORMS": "1",
            "notes-0-id": str(note.pk),
            "notes-0-article": str(story.pk),
            "notes-0-text_zh_hans": "仅有英文的更正。",
        }
    )
    assert translator.post(change_url(story), data).status_code == 302
    note.refresh_from_db()
    assert note.text_zh_hans == "仅有英文的更正。" and note.text_en == "English-only correction."
    story.refresh_from_db()
    assert story.substantive_update_at == note.noted_at  # a translation is not an update
    # A forged English field is not part of the translator's form: it is ignored.
    data["notes-0-text_en"] = "Forged English."
    data["notes-0-text_zh_hans"] = "另一个译文。"
    data["loaded_version"] = str(story.version)
    assert translator.post(change_url(story), data).status_code == 302
    note.refresh_from_db()
    assert note.text_en == "English-only correction." and note.text_zh_hans == "另一个译文。"


def test_english_note_appears_in_the_translation_queue_until_translated(editor):
    story = make_article(title_en="Queue-bound noted story")
    make_note(story, text_en="Needs Chinese.", text_zh_hans="")
    queue = editor.get(reverse("admin:articles_translation_queue")).content.decode()
    assert "Queue-bound noted story" in queue and "note 1" in queue
    story.notes.update(text_zh_hans="需要中文。")
    queue = editor.get(reverse("admin:articles_translation_queue")).content.decode()
    assert "Queue-bound noted story" not in queue


def test_editor_creates_an_author_with_links_and_a_bad_link_is_refused(editor):
    url = reverse("admin:articles_author_add")
    data = {
        "name_en": "Ines Harrow",
        "name_zh_hans": "伊内丝",
        "job_title_en": "Editor",
        "job_title_zh_hans": "编辑",
        "bio_en": "",
        "bio_zh_hans": "",
        "slug": "ines-harrow",
        "links": "https://ines.example.org/\njavascript:alert(1)",
        "user": "",
    }
    response = editor.post(url, data)
    assert response.status_code == 200 and not Author.objects.exists()
    data["links"] = "https://ines.example.org/\n\nhttps://social.example.net/@ines\n"
    assert editor.post(url, data).status_code == 302
    author = Author.objects.get()
    assert author.links == ["https://ines.example.org/", "https://social.example.net/@ines"]
    assert author.name_zh_hans == "伊内丝"


def test_translator_changes_only_an_authors_chinese_fields(client):
    author = make_author(name_en="Olga Brand", name_zh_hans="", slug="olga-brand")
    translator = client_for(make_staff_user("Translators"))
    url = reverse("admin:articles_author_change", args=[author.pk])
    html = translator.get(url).content.decode()
    assert 'name="name_zh_hans"' in html and 'name="name_en"' not in html and 'name="slug"' not in html
    response = translator.post(
        url,
        {
            "name_zh_hans": "奥尔加",
            "job_title_zh_hans": "",
            "bio_zh_hans": "",
            "name_en": "Forged",
            "slug": "x",
        },
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert (author.name_en, author.slug, author.name_zh_hans) == ("Olga Brand", "olga-brand", "奥尔加")
    assert translator.get(reverse("admin:articles_author_add")).status_code == 403


def test_an_author_with_credits_cannot_be_deleted(editor):
    author = make_author()
    credit(make_article(), author)
    response = editor.post(reverse("admin:articles_author_delete", args=[author.pk]), {"post": "yes"})
    assert response.status_code == 200 and Author.objects.filter(pk=author.pk).exists()


def test_authors_missing_chinese_are_in_the_translation_queue(editor):
    make_author(name_en="Quentin Ashdown", name_zh_hans="", slug="quentin")
    make_author(name_en="Rhea Fully Done", name_zh_hans="瑞亚", slug="rhea")
    queue = editor.get(reverse("admin:articles_translation_queue")).content.decode()
    assert "Quentin Ashdown" in queue and "Rhea Fully Done" not in queue
    assert 'href="/admin/articles/author/' in queue


def test_author_photo_goes_through_the_image_pipeline_and_shows_in_the_list(
    editor, media_root, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from tests.factories import image_bytes, stored_files

    author = make_author(name_en="Pia Lens", slug="pia-lens")
    author.image = ContentFile(image_bytes(size=(1200, 900)), name="pia.png")
    author.save()
    assert author.renditions["files"] and author.image.name.endswith((".jpg", ".png"))
    html = editor.get(reverse("admin:articles_author_changelist")).content.decode()
    assert 'class="gz-thumb"' in html and "Pia Lens" in html
    names = stored_files(media_root)
    assert any(name.endswith(".avif") for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        author.delete()
    assert stored_files(media_root) == set()  # the files go with the row, once it commits


def test_history_shows_a_note_added_and_edited(editor):
    story = make_article()
    form = open_form(editor, story)
    noted = timezone.localtime()
    form.update(
        {
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "correction",
            "notes-0-text_en": "First wording of the fix.",
            "notes-0-noted_at_0": noted.strftime("%Y-%m-%d"),
            "notes-0-noted_at_1": noted.strftime("%H:%M:%S"),
        }
    )
    assert save(editor, story, form).status_code == 302
    form = open_form(editor, story)
    assert save(editor, story, {**form, "notes-0-text_en": "Second wording of the fix."}).status_code == 302
    html = editor.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert '<ins class="gz-ins">First wording of the fix.</ins>' in html
    before, after = "First wording of the fix.", "Second wording of the fix."
    assert f'<del class="gz-del">{before}</del> <ins class="gz-ins">{after}</ins>' in html
    assert "Note: Correction" in html
