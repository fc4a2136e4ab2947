"""The editor's story form: publish now, errors on their fields, slug confirmation, empty saves, warnings."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles.images.storage import stored_names
from articles.models import Article, Section, SlugHistory, Tag
from tests.admin.test_admin import story_form_data
from tests.admin.test_locking import client_for, open_form, save
from tests.factories import make_article, make_image, make_section, make_superuser, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]

CONSTRAINT_NAME = re.compile(r"articles_\w+_(unique|published|has)")


@pytest.fixture
def editor():
    return client_for(make_superuser("erin"))


def assert_no_constraint_name(html: str) -> None:
    assert not CONSTRAINT_NAME.search(html), CONSTRAINT_NAME.search(html).group(0)
    assert "Constraint" not in html and "约束" not in html


def test_publishing_with_no_time_publishes_now(editor):
    section = make_section()
    before = timezone.now().replace(microsecond=0)
    response = editor.post(
        reverse("admin:articles_article_add"), story_form_data(section, [], status="published")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="robot-arms-learn-from-video")
    assert article.status == "published" and article.published_at >= before
    assert article.is_published()


def test_publishing_an_existing_draft_with_no_time_publishes_now(editor):
    article = make_article(status="draft", hours_ago=None)
    response = save(editor, article, {**open_form(editor, article), "status": "published"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_published()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_constraint_violation_is_on_its_field_in_the_users_language(editor, language):
    """Each named constraint an editor can break through the admin, posted; no constraint name shows."""
    editor.cookies["django_language"] = language
    taken = make_article(slug="taken-address")
    make_section(slug="taken-section")
    make_tag(slug="taken-tag", name_en="Robotics", name_zh_hans="机器人")
    section = make_section()
    cases = [
        (reverse("admin:articles_article_add"), story_form_data(section, [], slug=taken.slug), "slug"),
        (
            reverse("admin:articles_section_add"),
            {"name_en": "World", "name_zh_hans": "世界", "slug": "taken-section", "position": "0"},
            "slug",
        ),
        (
            reverse("admin:articles_tag_add"),
            {"name_en": "Other", "name_zh_hans": "其他", "slug": "taken-tag"},
            "slug",
        ),
        (
            reverse("admin:articles_tag_add"),
            {"name_en": "ROBOTICS", "name_zh_hans": "机器人学", "slug": "robotics-2"},
            "name_en",
        ),
        (
            reverse("admin:articles_tag_add"),
            {"name_en": "Robot science", "name_zh_hans": "机器人", "slug": "robot-science"},
            "name_zh_hans",
        ),
    ]
    counts = (Article.objects.count(), Section.objects.count(), Tag.objects.count())
    for url, data, field in cases:
        response = editor.post(url, data, headers={"accept-language": language})
        assert response.status_code == 200, url
        form = response.context["adminform"].form
        assert list(form.errors) == [field], (url, form.errors)
        assert form.non_field_errors() == []
        html = response.content.decode()
        assert_no_constraint_name(html)
        if language == "zh-hans":
            assert re.search("[\u4e00-\u9fff]", " ".join(form.errors[field]))
    assert (Article.objects.count(), Section.objects.count(), Tag.objects.count()) == counts


def test_every_model_constraint_has_an_editor_message():
    from django.apps import apps

    for model in apps.get_app_config("articles").get_models():
        for constraint in model._meta.constraints:
            assert constraint.name in getattr(model, "constraint_messages", {}), constraint.name


def test_changing_a_published_slug_asks_first_then_redirects(editor):
    article = make_article(slug="chip-plant-opens")
    data = {**open_form(editor, article), "slug": "chip-plant-opens-in-ohio"}
    response = save(editor, article, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "links to the old address will redirect" in html
    assert 'type="checkbox" name="confirm_slug_change"' in html
    article.refresh_from_db()
    assert article.slug == "chip-plant-opens" and not SlugHistory.objects.exists()

    data = {**data, "confirm_slug_change": "on", "loaded_version": str(article.version)}
    assert save(editor, article, data).status_code == 302
    article.refresh_from_db()
    assert article.slug == "chip-plant-opens-in-ohio"
    assert SlugHistory.objects.target_of("story", "chip-plant-opens") == article.pk


def test_changing_a_draft_slug_needs_no_confirmation_and_keeps_no_redirect(editor):
    article = make_article(status="draft", hours_ago=None, slug="draft-address")
    form = open_form(editor, article)
    assert form["confirm_slug_change"] == ""  # present, hidden
    assert save(editor, article, {**form, "slug": "better-draft-address"}).status_code == 302
    article.refresh_from_db()
    assert article.slug == "better-draft-address" and not SlugHistory.objects.exists()


@pytest.mark.parametrize("model", ["section", "tag"])
def test_changing_a_section_or_tag_slug_asks_first(editor, model):
    obj = make_section(slug="old-name") if model == "section" else make_tag(slug="old-name")
    url = reverse(f"admin:articles_{model}_change", args=[obj.pk])
    data = {"name_en": obj.name_en, "name_zh_hans": obj.name_zh_hans, "slug": "new-name", "position": "0"}
    response = editor.post(url, data)
    assert (
        response.status_code == 200 and "links to the old address will redirect" in response.content.decode()
    )
    assert type(obj).objects.get(pk=obj.pk).slug == "old-name"
    assert editor.post(url, {**data, "confirm_slug_change": "on"}).status_code == 302
    assert type(obj).objects.get(pk=obj.pk).slug == "new-name"
    assert SlugHistory.objects.target_of(model, "old-name") == obj.pk


def test_saving_with_no_change_records_nothing(editor):
    article = make_article(tags=[make_tag()])
    make_image(article)
    form = open_form(editor, article)
    revisions, version = Revision.objects.count(), Article.objects.get(pk=article.pk).version
    updated = Article.objects.get(pk=article.pk).updated_at

    response = editor.post(reverse("admin:articles_article_change", args=[article.pk]), form, follow=True)
    assert "Nothing changed, so nothing was saved." in response.content.decode()
    assert Revision.objects.count() == revisions
    fresh = Article.objects.get(pk=article.pk)
    assert (fresh.version, fresh.updated_at) == (version, updated)
    assert not Version.objects.filter(revision__comment__icontains="No fields changed").exists()

    # A real change is still recorded (with a baseline first: the story was made without history).
    assert save(editor, article, {**form, "dek_en": "A changed dek."}).status_code == 302
    assert Revision.objects.count() == revisions + 2
    assert Article.objects.get(pk=article.pk).version == version + 1


def test_save_warns_about_image_references_and_removed_markup(editor):
    article = make_article(status="draft", hours_ago=None)
    make_image(article)
    body = 'Intro.\n\n[image 1]\n\n[image 3]\n\n<script>alert(1)</script>\n\n<p onclick="x()">Hi</p>'
    data = {**open_form(editor, article), "body_en": body, "body_zh_hans": "中文。\n\n[image 2]"}
    response = save(editor, article, data)
    assert response.status_code == 302
    page = editor.get(response.url).content.decode()
    assert "Line 5: [image 3] points at no image; the story has 1 image." in page
    assert "Line 7: &lt;script&gt; was removed" in page
    assert "Line 9: The onclick attribute of &lt;p&gt; was removed" in page
    assert "Line 3: [image 2] points at no image" in page
    assert "[image 1] points" not in page
    # A clean body says nothing.
    clean = {**open_form(editor, article), "body_en": "Intro.\n\n[image 1]", "body_zh_hans": "中文。"}
    page = editor.get(save(editor, article, clean).url).content.decode()
    assert "points at no image" not in page and "was removed" not in page


def test_delete_confirmation_lists_the_image_files(editor):
    article = make_article()
    image = make_image(article)
    response = editor.get(reverse("admin:articles_article_delete", args=[article.pk]))
    html = response.content.decode()
    names = stored_names(image)
    assert image.image.name in names and len(names) > 1  # the master and its renditions
    for name in names:
        assert f"Image file destroyed: {name}" in html
    other = make_article()
    assert (
        "Image file destroyed"
        not in editor.get(reverse("admin:articles_article_delete", args=[other.pk])).content.decode()
    )


def test_a_published_story_without_a_time_is_refused_on_its_field_outside_the_admin_too():
    from django.core.exceptions import ValidationError

    article = make_article(status="draft", hours_ago=None)
    article.status = "published"
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert refused.value.message_dict == {"published_at": ["A published story needs a publish time."]}
    assert Article.objects.get(pk=article.pk).status == "draft"
