"""Roles in the admin: translators change only the Chinese side; editors change everything."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ArticleImage, Section, Tag
from tests.factories import (
    change_url,
    editor_data,
    jpeg_bytes,
    make_article,
    make_image,
    make_section,
    make_staff_user,
    make_tag,
    translator_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]


@pytest.fixture
def translator_client(client):
    client.force_login(make_staff_user("Translators"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff_user("Editors"))
    return client


def test_translator_form_shows_english_read_only_beside_chinese(translator_client):
    article = make_article(
        title_en="Sparse kernels land upstream", body_en="Intro **bold** text.\n\n[image 1]"
    )
    make_image(article)
    response = translator_client.get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    # Chinese inputs, English as text only.
    for name in ("title", "dek", "body", "why_it_matters"):
        assert f'name="{name}_zh_hans"' in html
        assert f'name="{name}_en"' not in html
    assert 'name="images-0-caption_zh_hans"' in html and 'name="images-0-alt_text_zh_hans"' in html
    for forbidden in (
        'name="status"',
        'name="published_at_0"',
        'name="slug"',
        'name="section"',
        'name="tags"',
    ):
        assert forbidden not in html
    assert 'name="images-0-image"' not in html and 'name="images-0-position"' not in html
    assert "images-0-DELETE" not in html
    # Side by side: the English box and the Chinese input share one form row.
    row = re.search(
        r'<div class="form-row field-title_source field-title_zh_hans">(.*?)</fieldset>', html, re.S
    )
    assert row and "Sparse kernels land upstream" in row.group(1) and 'name="title_zh_hans"' in row.group(1)
    assert "gz-side-by-side" in html and "css/admin-translation.css" in html
    assert "<strong>bold</strong>" in html  # rendered Markdown for the body
    assert "[image 1]" in html
    assert 'style="' not in row.group(1)


def test_translator_saves_chinese_and_english_stays(translator_client):
    article = make_article(title_en="Chip exports rise again", title_zh_hans="", body_zh_hans="")
    image = make_image(article, caption_zh_hans="")
    response = translator_client.post(
        change_url(article),
        translator_data(
            article,
            title_zh_hans="芯片出口再度增长",
            body_zh_hans="正文。",
            **{"images-0-caption_zh_hans": "新图注"},
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    image.refresh_from_db()
    assert article.title_zh_hans == "芯片出口再度增长" and article.body_zh_hans == "正文。"
    assert article.title_en == "Chip exports rise again"
    assert "<p>正文。</p>" in article.body_html_zh_hans
    assert image.caption_zh_hans == "新图注" and image.caption_en == "Caption 1"


def test_forged_translator_post_changes_no_english_status_time_or_images(translator_client):
    section, other_section = make_section(), make_section()
    tag, other_tag = make_tag(), make_tag()
    article = make_article(title_en="Grid batteries get cheaper", section=section, tags=[tag])
    image = make_image(article)
    columns = ("title_en", "title_zh_hans", "body_en", "status", "published_at", "slug", "section_id")
    columns += ("source_name", "translation_sources")
    before = Article.objects.values(*columns).get(pk=article.pk)
    forged = translator_data(
        article,
        title_zh_hans="电网电池更便宜了",
        title_en="Forged English headline",
        body_en="Forged body.",
        status="draft",
        published_at_0="2030-01-01",
        published_at_1="00:00:00",
        slug="forged-slug",
        section=other_section.pk,
        tags=[other_tag.pk],
        source_name="Forged source",
        translation_sources='{"title": {"hash": "x", "text": "y"}}',
        **{
            "images-0-alt_text_en": "Forged alt",
            "images-0-position": "9",
            "images-0-credit": "Forged credit",
            "images-0-image": SimpleUploadedFile("swap.jpg", jpeg_bytes(color=(1, 2, 3)), "image/jpeg"),
            "images-0-DELETE": "on",
            # A second, forged image form:
            "images-TOTAL_FORMS": "2",
            "images-1-image": SimpleUploadedFile("new.jpg", jpeg_bytes(), "image/jpeg"),
            "images-1-alt_text_en": "Smuggled picture",
            "images-1-alt_text_zh_hans": "偷偷加的图",
            "images-1-credit": "x",
            "images-1-position": "2",
        },
    )
    response = translator_client.post(change_url(article), forged)
    assert response.status_code == 302
    after = Article.objects.values(*columns).get(pk=article.pk)
    assert after["title_zh_hans"] == "电网电池更便宜了"  # the legitimate part was saved
    for column in ("title_en", "body_en", "status", "published_at", "slug", "section_id", "source_name"):
        assert after[column] == before[column], column
    assert after["translation_sources"]["title"]["text"] == "Grid batteries get cheaper"
    assert list(article.tags.all()) == [tag]
    assert list(ArticleImage.objects.filter(article=article)) == [image]
    kept = ArticleImage.objects.get(pk=image.pk)
    assert (kept.alt_text_en, kept.position, kept.credit, kept.image.name) == (
        image.alt_text_en,
        image.position,
        image.credit,
        image.image.name,
    )


def test_translator_cannot_add_delete_or_run_publishing_actions(translator_client):
    article = make_article(status="draft", hours_ago=None, title_en="Quiet draft about robots")
    tag, section = make_tag(), make_section()
    assert translator_client.get(reverse("admin:articles_article_add")).status_code == 403
    assert translator_client.get(reverse("admin:articles_tag_add")).status_code == 403
    for url in (
        reverse("admin:articles_article_delete", args=[article.pk]),
        reverse("admin:articles_tag_delete", args=[tag.pk]),
        reverse("admin:articles_section_delete", args=[section.pk]),
    ):
        assert translator_client.get(url).status_code == 403
        assert translator_client.post(url, {"post": "yes"}).status_code == 403
    for action in ("delete_selected", "publish_now", "archive"):
        translator_client.post(
            reverse("admin:articles_article_changelist"), {"action": action, "_selected_action": [article.pk]}
        )
    article.refresh_from_db()
    assert article.status == "draft"
    assert Tag.objects.filter(pk=tag.pk).exists() and Section.objects.filter(pk=section.pk).exists()


def test_translator_cannot_revert_to_an_old_version(editor_client, client):
    article = make_article(title_en="Versioned headline one")
    editor_client.post(change_url(article), editor_data(article, title_en="Versioned headline two"))
    from reversion.models import Version

    version = Version.objects.get_for_object(article).last()
    client.force_login(make_staff_user("Translators"))
    url = reverse("admin:articles_article_revision", args=[article.pk, version.pk])
    assert client.post(url, translator_data(article)).status_code == 403
    article.refresh_from_db()
    assert article.title_en == "Versioned headline two"


def test_translator_changes_only_chinese_names_of_tags_and_sections(translator_client):
    tag = make_tag(name_en="Robotics", name_zh_hans="", slug="robotics")
    section = make_section(name_en="Field Notes", name_zh_hans="", slug="field-notes", position=3)
    response = translator_client.post(
        reverse("admin:articles_tag_change", args=[tag.pk]),
        {"name_en": "Forged", "slug": "forged", "name_zh_hans": "机器人"},
    )
    assert response.status_code == 302
    response = translator_client.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {"name_en": "Forged", "slug": "forged", "position": "0", "name_zh_hans": "田野笔记"},
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    section.refresh_from_db()
    assert (tag.name_en, tag.slug, tag.name_zh_hans) == ("Robotics", "robotics", "机器人")
    assert (section.name_en, section.slug, section.position, section.name_zh_hans) == (
        "Field Notes",
        "field-notes",
        3,
        "田野笔记",
    )
    # The section list's editable "position" column is read-only for translators.
    translator_client.post(
        reverse("admin:articles_section_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(section.pk),
            "form-0-position": "7",
            "_save": "Save",
        },
    )
    section.refresh_from_db()
    assert section.position == 3


def test_editor_can_change_english_status_and_delete(editor_client):
    article = make_article(title_en="Editors rule this story", status="review", hours_ago=None)
    image = make_image(article)
    data = editor_data(
        article,
        title_en="Editors rewrote this story",
        status="published",
        published_at_0="2024-05-01",
        published_at_1="08:00:00",
        **{"images-0-caption_en": "New English caption"},
    )
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    image.refresh_from_db()
    assert article.title_en == "Editors rewrote this story" and article.status == "published"
    assert image.caption_en == "New English caption"
    assert editor_client.get(reverse("admin:articles_article_add")).status_code == 200
    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_translator_sees_queue_link_and_list_without_actions(translator_client):
    make_article(title_en="Listed for the translator")
    index = translator_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:articles_translation_queue") in index
    listing = translator_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Listed for the translator" in listing
    assert 'name="action"' not in listing
    assert reverse("admin:articles_article_add") not in listing


def test_load_demo_creates_translator_and_editor_roles(capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    call_command("load_demo")
    out = capsys.readouterr().out
    passwords = re.findall(r"password: (\S+)", out)
    assert len(passwords) == 2 and passwords[0] != passwords[1]
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    translator = users.get(username="translator")
    assert translator.is_staff and not translator.is_superuser
    assert translator.check_password(passwords[1])
    assert list(translator.groups.values_list("name", flat=True)) == ["Translators"]
    assert users.get(username="editor").groups.filter(name="Editors").exists()
    call_command("load_demo")
    again = capsys.readouterr().out
    assert not any(p in again for p in passwords)
    assert "'translator' already exists" in again


def test_groups_exist_after_migrate_with_their_permissions():
    editors = Group.objects.get(name="Editors")
    translators = Group.objects.get(name="Translators")
    codes = {p.codename for p in translators.permissions.all()}
    assert codes == {
        f"{a}_{m}" for a in ("view", "change") for m in ("article", "articleimage", "tag", "section")
    }
    assert {"add_article", "delete_article", "delete_tag", "add_section"} <= {
        p.codename for p in editors.permissions.all()
    }


def test_roles_migration_works_before_permissions_exist():
    """On a fresh database the migration runs before Django has created any permission."""
    import importlib

    from django.contrib.auth.models import Permission
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    migration = importlib.import_module("articles.migrations.0002_roles")
    Group.objects.filter(name__in=["Editors", "Translators"]).delete()
    Permission.objects.filter(content_type__app_label="articles").delete()
    state = MigrationExecutor(connection).loader.project_state(("articles", "0002_roles"))
    migration.create_roles(state.apps, SimpleNamespace(connection=connection))  # a schema editor's part
    assert Group.objects.get(name="Translators").permissions.count() == 8
    assert Group.objects.get(name="Editors").permissions.count() == 16
