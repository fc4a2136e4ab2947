"""With the admin in Chinese, every label, heading, button, help text and message is Chinese."""

import pytest
from django.urls import reverse

from tests.admin.latin_text import latin_only_texts
from tests.factories import make_article, make_image, make_staff_user, make_tag

pytestmark = pytest.mark.django_db

# The test data's own names: content, not UI.
DATA = {"editor", "translator", "story", "example", "com", "post", "Example", "Lab", "Blog", "https"}


@pytest.fixture
def story():
    tag = make_tag(name_en="NVIDIA", name_zh_hans="英伟达", slug="nvidia")
    article = make_article(
        title_en="NVIDIA",
        title_zh_hans="英伟达发布新芯片",
        tags=[tag],
        slug="nvidia-chip",
        source_name="NVIDIA",
        source_url="https://example.com/post",
    )
    make_image(article)
    return article


def chinese_pages(story):
    tag = story.tags.first()
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_translation_queue"),
        reverse("admin:articles_article_history", args=[story.pk]),
        reverse("admin:articles_tag_change", args=[tag.pk]),
        reverse("admin:articles_section_change", args=[story.section_id]),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_tag_changelist"),
        reverse("admin:articles_section_changelist"),
    ]


@pytest.mark.parametrize("role", ["Editors", "Translators"])
def test_admin_pages_in_chinese_have_no_english_ui(client, story, role):
    user = make_staff_user(role, username=role.lower()[:-1])
    client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    problems = {}
    for url in chinese_pages(story):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        assert response["Content-Language"] == "zh-hans"
        found = latin_only_texts(response.content.decode(), DATA)
        if found:
            problems[url] = found
    assert problems == {}, __import__("pprint").pformat(problems, width=110)
