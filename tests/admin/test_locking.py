"""No lost updates: the optimistic version check on the story form, through the admin."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleImage
from articles.translations.status import article_status
from tests.factories import (
    jpeg_bytes,
    make_article,
    make_image,
    make_staff_user,
    make_superuser,
    make_tag,
    scrape_form,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client, article) -> dict:
    """What the user's browser holds after opening the story's change form."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    return scrape_form(response.content.decode())


def save(client, article, data):
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


@pytest.fixture
def alice():
    return client_for(make_superuser("alice"))


@pytest.fixture
def bob():
    return client_for(make_superuser("bob"))


def test_form_carries_the_version_it_was_loaded_with(alice):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(version=7)
    assert open_form(alice, article)["loaded_version"] == "7"


def test_second_save_of_the_same_field_conflicts_names_who_and_what_and_keeps_input(alice, bob):
    article = make_article(title_en="Chip plant opens in Ohio")
    alice_form, bob_form = open_form(alice, article), open_form(bob, article)
    revisions_before = Version.objects.count()

    assert (
        save(alice, article, {**alice_form, "title_en": "Chip plant opens in Ohio, on time"}).status_code
        == 302
    )
    response = save(
        bob, article, {**bob_form, "title_en": "Ohio chip plant delayed", "dek_en": "Bob's new dek."}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"alice \(\d\d:\d\d\) saved this story after you opened it", html)
    assert "version" not in html.split("saved this story")[1].split("</li>")[0]
    assert "English headline" in html
    assert "Nothing was saved" in html
    form = response.context["adminform"].form
    assert "Chip plant opens in Ohio, on time" in " ".join(form.errors["title_en"])
    # Bob's input is still there to re-apply; nothing of it reached the database.
    assert 'value="Ohio chip plant delayed"' in html and "Bob&#x27;s new dek." in html
    article.refresh_from_db()
    assert article.title_en == "Chip plant opens in Ohio, on time"
    assert article.dek_en != "Bob's new dek."
    assert article.version == 2
    assert Version.objects.filter(revision__user__username="bob").count() == 0
    assert Version.objects.count() > revisions_before  # alice's save was recorded

    # The re-rendered form now carries the current version: saving again is a deliberate choice.
    again = scrape_form(html)
    assert again["loaded_version"] == "2"
    assert save(bob, article, again).status_code == 302
    article.refresh_from_db()
    assert (article.title_en, article.dek_en, article.version) == (
        "Ohio chip plant delayed",
        "Bob's new dek.",
        3,
    )


def test_editor_and_translator_on_different_languages_both_keep_their_work(alice):
    translator = client_for(make_staff_user("Translators", "tina"))
    article = make_article(title_en="Grid batteries get cheaper", body_zh_hans="旧的中文正文。")
    editor_form, translator_form = open_form(alice, article), open_form(translator, article)

    assert (
        save(alice, article, {**editor_form, "title_en": "Grid batteries get much cheaper"}).status_code
        == 302
    )
    response = save(translator, article, {**translator_form, "body_zh_hans": "新的中文正文。"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Grid batteries get much cheaper"  # the editor's work survived
    assert article.body_zh_hans == "新的中文正文。"  # and so did the translator's
    assert article.version == 3
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(re.search(r"alice \(\d\d:\d\d\) changed English headline meanwhile", m) for m in messages)


def test_merge_keeps_a_publish_action_done_while_the_form_was_open(alice, bob):
    article = make_article(status="review", hours_ago=None, title_en="Robot dogs patrol a port")
    stale = open_form(bob, article)
    alice.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
    )
    assert save(bob, article, {**stale, "title_zh_hans": "机器狗巡逻港口"}).status_code == 302
    article.refresh_from_db()
    assert article.status == "published" and article.is_published()
    assert article.title_zh_hans == "机器狗巡逻港口"


def test_stale_form_does_not_undo_an_image_caption_changed_meanwhile(alice, bob):
    article = make_article(title_en="Satellite maps of rice fields")
    make_image(article, caption_en="Old caption words")
    editor_form, stale = open_form(alice, article), open_form(bob, article)
    assert (
        save(alice, article, {**editor_form, "images-0-caption_en": "Fresh caption words"}).status_code == 302
    )

    assert save(bob, article, {**stale, "title_zh_hans": "稻田卫星地图"}).status_code == 302
    image = ArticleImage.objects.get(article=article)
    assert image.caption_en == "Fresh caption words"
    assert Article.objects.get(pk=article.pk).title_zh_hans == "稻田卫星地图"


def test_conflict_saves_no_image_and_no_file(alice, bob, media_root):
    article = make_article(title_en="Undersea cable lands in Kenya")
    alice_form, bob_form = open_form(alice, article), open_form(bob, article)
    save(alice, article, {**alice_form, "title_en": "Undersea cable lands in Mombasa"})
    files_before = sorted(p for p in media_root.rglob("*") if p.is_file())

    data = {
        **bob_form,
        "title_en": "Cable landing postponed",
        "images-TOTAL_FORMS": "1",
        "images-0-image": SimpleUploadedFile("new.jpg", jpeg_bytes(), "image/jpeg"),
        "images-0-position": "1",
        "images-0-alt_text_en": "Cable ship at dawn",
        "images-0-credit": "example.com",
    }
    response = save(bob, article, data)
    assert response.status_code == 200
    assert not ArticleImage.objects.filter(article=article).exists()
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files_before
    assert Article.objects.get(pk=article.pk).title_en == "Undersea cable lands in Mombasa"


def test_both_changing_tags_conflicts(alice, bob):
    first, second = make_tag(), make_tag()
    article = make_article(title_en="Open model weights debate", tags=[first])
    alice_form, bob_form = open_form(alice, article), open_form(bob, article)
    assert save(alice, article, {**alice_form, "tags": [str(first.pk), str(second.pk)]}).status_code == 302
    response = save(bob, article, {**bob_form, "tags": []})
    assert response.status_code == 200
    assert "tags" in response.context["adminform"].form.errors
    assert set(Article.objects.get(pk=article.pk).tags.all()) == {first, second}


def test_story_without_history_still_conflicts_instead_of_overwriting(alice, bob):
    """No recorded state at the loaded version (changed outside the admin): refuse, never guess."""
    article = make_article(title_en="Quantum sensor startup raises funds")
    stale = open_form(bob, article)
    Article.objects.filter(pk=article.pk).update(title_en="Quantum sensor startup raises more", version=5)
    response = save(bob, article, {**stale, "title_zh_hans": "量子传感器初创公司融资"})
    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).title_en == "Quantum sensor startup raises more"
    assert Article.objects.get(pk=article.pk).title_zh_hans != "量子传感器初创公司融资"


def test_form_without_version_is_refused(alice):
    article = make_article(title_en="Drone delivery expands")
    data = open_form(alice, article)
    del data["loaded_version"]
    response = save(alice, article, {**data, "title_en": "Drone delivery expands again"})
    assert response.status_code == 200
    assert "lost its version number" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_en == "Drone delivery expands"


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [("publish_article", {}), ("unpublish_article", {}), ("archive_article", {})],
)
def test_every_service_moves_the_version_forward(service, kwargs):
    from articles import services

    article = make_article(status="review", hours_ago=None)
    getattr(services, service)(article=article, **kwargs)
    assert Article.objects.get(pk=article.pk).version == 2
    assert article.version == 2


# --- A Translator (the Chinese-only form) against an editor -----------------------------------


@pytest.fixture
def translator():
    return client_for(make_staff_user("Translators", "tara"))


def title_state(article) -> str:
    return article_status(Article.objects.prefetch_related("images").get(pk=article.pk)).fields["title"]


def test_translator_save_moves_the_version_forward_writes_chinese_only_and_is_recorded(translator):
    article = make_article(title_en="Tidal turbines power a town", title_zh_hans="")
    form = open_form(translator, article)
    assert form["loaded_version"] == "1" and "title_en" not in form
    forged = {**form, "title_zh_hans": "潮汐涡轮机为小镇供电", "title_en": "Forged English"}
    forged["status"] = "draft"
    assert save(translator, article, forged).status_code == 302
    article.refresh_from_db()
    assert (article.title_zh_hans, article.title_en, article.status) == (
        "潮汐涡轮机为小镇供电",
        "Tidal turbines power a town",
        "published",
    )
    assert article.version == 2
    latest = Version.objects.get_for_object(article).order_by("-pk").first()
    assert latest.revision.user.username == "tara"
    assert (latest.field_dict["version"], latest.field_dict["title_zh_hans"]) == (2, "潮汐涡轮机为小镇供电")
    assert title_state(article) == "done"


def test_translator_and_editor_on_different_fields_merge_and_stale_chinese_shows_outdated(alice, translator):
    article = make_article(title_en="Heat pumps sell out in Oslo", title_zh_hans="", body_zh_hans="旧正文。")
    translator_form = open_form(translator, article)
    assert save(alice, article, {**open_form(alice, article), "title_en": "Heat pumps sold out in Bergen"})
    assert Article.objects.get(pk=article.pk).version == 2

    chinese = {"title_zh_hans": "奥斯陆热泵售罄", "body_zh_hans": "新的正文。"}
    response = save(translator, article, {**translator_form, **chinese})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "Heat pumps sold out in Bergen"  # the editor's change survived
    assert (article.title_zh_hans, article.body_zh_hans) == ("奥斯陆热泵售罄", "新的正文。")
    assert article.version == 3
    # The Chinese headline translates the English the translator saw, not the editor's new one.
    assert title_state(article) == "outdated"
    assert article.translation_sources["title"]["text"] == "Heat pumps sell out in Oslo"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(re.search(r"alice \(\d\d:\d\d\) changed English headline meanwhile", m) for m in messages)
    latest = Version.objects.get_for_object(article).order_by("-pk").first()
    assert latest.revision.user.username == "tara" and latest.field_dict["version"] == 3


def test_translator_and_editor_changing_the_same_chinese_field_conflict(alice, translator):
    article = make_article(title_en="Lunar lander touches down", title_zh_hans="月球着陆器着陆")
    translator_form = open_form(translator, article)
    save(alice, article, {**open_form(alice, article), "title_zh_hans": "月球着陆器成功着陆"})

    response = save(translator, article, {**translator_form, "title_zh_hans": "登月器平稳落地"})

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        re.search(r"alice \(\d\d:\d\d\) saved this story after you opened it", html)
        and "Nothing was saved" in html
    )
    assert "月球着陆器成功着陆" in " ".join(response.context["adminform"].form.errors["title_zh_hans"])
    assert 'value="登月器平稳落地"' in html  # the translator's input is kept to re-apply
    article.refresh_from_db()
    assert (article.title_zh_hans, article.version) == ("月球着陆器成功着陆", 2)
    assert not Version.objects.filter(revision__user__username="tara").exists()

    again = scrape_form(html)
    assert again["loaded_version"] == "2"
    assert save(translator, article, again).status_code == 302
    assert Article.objects.get(pk=article.pk).title_zh_hans == "登月器平稳落地"


def test_translator_form_without_version_is_refused(translator):
    article = make_article(title_en="Fog harvesting nets spread", title_zh_hans="")
    data = open_form(translator, article)
    del data["loaded_version"]
    response = save(translator, article, {**data, "title_zh_hans": "集雾网推广"})
    assert response.status_code == 200
    assert "lost its version number" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_zh_hans == ""
