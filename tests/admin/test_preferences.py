"""Each staff member's admin language: followed whatever the browser says, chosen in the header."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import StaffPreference
from tests.admin.latin_text import latin_only_texts
from tests.factories import make_article, make_staff_user

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
CHINESE_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


def test_the_admin_follows_the_persons_choice_not_the_browser(client):
    translator = make_staff_user("Translators")
    StaffPreference.objects.create(user=translator, language="zh-hans")
    client.force_login(translator)
    response = client.get(reverse("admin:index"), **ENGLISH_BROWSER)
    assert response["Content-Language"] == "zh-hans"
    assert "Guozhen 编辑部" in response.content.decode()
    assert "Guozhen newsroom" not in response.content.decode()


def test_without_a_choice_the_admin_follows_the_browser(client):
    client.force_login(make_staff_user("Editors"))
    assert client.get(reverse("admin:index"), **CHINESE_BROWSER)["Content-Language"] == "zh-hans"
    assert client.get(reverse("admin:index"), **ENGLISH_BROWSER)["Content-Language"] == "en"


def test_the_header_switch_records_the_choice_and_goes_back(client):
    editor = make_staff_user("Editors")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_changelist"), **CHINESE_BROWSER).content.decode()
    assert 'action="/admin/language/"' in page and 'value="en" lang="en"' in page
    response = client.post(
        reverse("admin-language"), {"language": "en", "next": "/admin/articles/article/"}, **CHINESE_BROWSER
    )
    assert response.status_code == 302 and response["Location"] == "/admin/articles/article/"
    assert StaffPreference.objects.get(user=editor).language == "en"
    assert client.get(reverse("admin:index"), **CHINESE_BROWSER)["Content-Language"] == "en"


def test_the_switch_refuses_an_unknown_language_and_an_outside_address(client):
    editor = make_staff_user("Editors")
    client.force_login(editor)
    response = client.post(reverse("admin-language"), {"language": "fr", "next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:index")
    assert not StaffPreference.objects.filter(user=editor).exists()


def test_the_switch_is_for_staff_only(client):
    response = client.post(reverse("admin-language"), {"language": "zh-hans"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not StaffPreference.objects.exists()


def test_the_public_site_is_not_affected(client):
    translator = make_staff_user("Translators")
    StaffPreference.objects.create(user=translator, language="zh-hans")
    client.force_login(translator)
    article = make_article()
    assert client.get(f"/en/stories/{article.slug}/")["Content-Language"] == "en"


def test_load_demo_makes_the_translator_prefer_chinese(reuse_picture_encodings):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert StaffPreference.objects.get(user__username="translator").language == "zh-hans"
    assert not StaffPreference.objects.filter(user__username="editor").exists()


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "返回管理后台首页"), ("en", "Back to the admin")]
)
def test_admin_404_is_translated_and_leads_back(client, language, words):
    translator = make_staff_user("Translators")
    StaffPreference.objects.create(user=translator, language=language)
    client.force_login(translator)
    response = client.get("/admin/articles/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert words in html and 'href="/admin/"' in html
    if language == "zh-hans":
        assert "页面" in html and latin_only_texts(html) == []


def test_admin_403_is_translated_and_leads_back(client):
    translator = make_staff_user("Translators")
    StaffPreference.objects.create(user=translator, language="zh-hans")
    client.force_login(translator)
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and 'href="/admin/"' in html
    assert latin_only_texts(html) == []
