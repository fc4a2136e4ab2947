"""With the admin in Chinese, every label, heading, button, help text and message is Chinese."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import TermPair
from articles.translations import memory
from tests.admin.latin_text import latin_only_texts
from tests.factories import (
    change_url,
    make_article,
    make_image,
    make_section,
    make_staff_user,
    make_superuser,
    make_tag,
    translator_data,
)

pytestmark = pytest.mark.django_db

# The test data's own words (content, not UI): the section's English name, the source's name.
DATA = frozenset({"Models", "Lab", "Notes"})
CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def story():
    tag = make_tag(name_en="NVIDIA", name_zh_hans="英伟达", slug="nvidia")
    article = make_article(
        title_en="NVIDIA ships a chip",
        title_zh_hans="英伟达发布新芯片",
        tags=[tag],
        slug="nvidia-chip",
        section=make_section(name_en="Models", name_zh_hans="模型", slug="models"),
        source_name="Lab Notes",
    )
    make_image(article)
    TermPair.objects.create(english="NVIDIA", chinese="英伟达", note="公司名")
    TermPair.objects.create(english="chip", chinese="芯片")
    # An earlier story in the translation memory, so the form shows suggestions too.
    earlier = make_article(
        title_en="NVIDIA ships a chip",
        title_zh_hans="英伟达推出芯片",
        slug="earlier",
        section=article.section,
    )
    memory.refresh_story(earlier)
    return article


def admin_pages(story):
    tag = story.tags.first()
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?state=draft&zh=needed",
        change_url(story),
        reverse("admin:articles_translation_queue"),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin:articles_tag_changelist"),
        reverse("admin:articles_tag_change", args=[tag.pk]),
        reverse("admin:articles_section_changelist"),
        reverse("admin:articles_section_change", args=[story.section_id]),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_termpair_changelist"),
        reverse("admin:articles_termpair_add"),
        reverse("admin:articles_termpair_import"),
        reverse("admin:articles_xliff_import"),
        reverse("admin:articles_termpair_change", args=[TermPair.objects.first().pk]),
    ]


def english_ui(client, urls) -> dict:
    problems = {}
    for url in urls:
        response = client.get(url, **CHINESE)
        if response.status_code == 403:  # a translator may not add stories
            continue
        assert response.status_code == 200, url
        assert response["Content-Language"] == "zh-hans"
        found = latin_only_texts(response.content.decode(), DATA)
        if found:
            problems[url] = found
    return problems


@pytest.mark.parametrize("role", ["Editors", "Translators"])
def test_admin_pages_in_chinese_have_no_english_ui(client, story, role):
    client.force_login(make_staff_user(role))
    assert english_ui(client, admin_pages(story)) == {}


def test_the_translators_save_message_and_history_are_chinese(client, story):
    client.force_login(make_staff_user("Translators"))
    response = client.post(
        change_url(story), translator_data(story, title_zh_hans="英伟达推出新芯片"), follow=True, **CHINESE
    )
    assert "英伟达推出新芯片" in response.content.decode()
    assert latin_only_texts(response.content.decode(), DATA) == []
    history = client.get(
        reverse("admin:articles_article_history", args=[story.pk]), **CHINESE
    ).content.decode()
    assert "修改了中文标题。" in history  # the revision comment, worded for this reader
    assert "Changed" not in history and "[zh-hans]" not in history
    assert latin_only_texts(history, DATA) == []
    english = client.get(reverse("admin:articles_article_history", args=[story.pk])).content.decode()
    assert "Changed Chinese headline." in english and "修改了" not in english


def test_a_superusers_index_is_chinese(client, story):
    client.force_login(make_superuser("root"))
    problems = english_ui(client, [reverse("admin:index"), reverse("admin:articles_article_changelist")])
    assert problems == {}, problems


def test_the_translators_form_shows_terms_and_suggestions_in_chinese(client, story):
    client.force_login(make_staff_user("Translators"))
    html = client.get(change_url(story), **CHINESE).content.decode()
    assert "术语：" in html and '<mark class="gz-term" title="英伟达">NVIDIA</mark>' in html
    assert "翻译记忆：" in html and "完全匹配" in html and ">插入</button>" in html


def test_labels_name_the_language_in_the_uis_words(client, story):
    client.force_login(make_staff_user("Editors"))
    html = client.get(change_url(story), **CHINESE).content.decode()
    assert "中文标题" in html and "英文标题" in html
    assert "[zh-hans]" not in html and "[en]" not in html
    english = client.get(change_url(story)).content.decode()
    assert "English headline" in english and "Chinese headline" in english


def test_the_lockout_and_413_pages_are_chinese(client, settings):
    settings.GUOZHEN_MAX_REQUEST_BYTES = 100
    response = client.post(reverse("admin:login"), {"x": "y" * 500}, **CHINESE)
    assert response.status_code == 413
    assert "上传" in response.content.decode() and latin_only_texts(response.content.decode()) == []
    settings.GUOZHEN_MAX_REQUEST_BYTES = 10_000_000
    get_user_model().objects.create_user("locked", password="right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("admin:login"), {"username": "locked", "password": "wrong"}, **CHINESE)
    assert response.status_code in (403, 429)
    assert latin_only_texts(response.content.decode()) == []
