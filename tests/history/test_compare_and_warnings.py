"""History: compare any two versions; restore and recovery say what happens to status and publish time."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, SlugHistory
from tests.admin.test_locking import client_for, open_form, save
from tests.factories import make_article, make_superuser

pytestmark = pytest.mark.django_db


def story_versions(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


@pytest.fixture
def editor():
    return client_for(make_superuser("erin"))


def three_versions(editor):
    article = make_article(title_en="Wind farm approved", dek_en="First dek.")
    for title in ("Wind farm approved at sea", "Offshore wind farm approved"):
        assert save(editor, article, {**open_form(editor, article), "title_en": title}).status_code == 302
    return article, story_versions(article)


def compare(editor, article, a, b):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return editor.get(url, {"from": a.pk, "to": b.pk})


def test_history_offers_two_radio_columns_and_compares_any_two_versions(editor):
    article, (first, second, third) = three_versions(editor)
    history = editor.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert 'form="gz-compare" name="from"' in history and 'form="gz-compare" name="to"' in history
    assert "Compare the chosen versions" in history

    html = compare(editor, article, first, third).content.decode()  # not neighbours
    assert "Wind farm approved" in html and "Offshore wind farm approved" in html
    assert "Wind farm approved at sea" not in html
    # Order does not matter: the older one is always "from".
    assert compare(editor, article, third, first).content.decode().count("gz-del") == html.count("gz-del")
    neighbours = compare(editor, article, second, third).content.decode()
    assert "Wind farm approved at sea" in neighbours


def test_compare_refuses_versions_of_another_story_or_junk(editor):
    article, (first, *_rest) = three_versions(editor)
    other, (foreign, *_more) = three_versions(editor)
    assert compare(editor, article, first, foreign).status_code == 404
    url = reverse("admin:articles_article_compare", args=[article.pk])
    assert editor.get(url, {"from": "x", "to": first.pk}).status_code == 404
    assert editor.get(url, {"from": first.pk, "to": first.pk}).status_code == 404


def test_restoring_a_draft_version_warns_that_readers_lose_the_story(editor):
    article = make_article(status="draft", hours_ago=None, title_en="Quantum sensor trial")
    services.publish_article(article=article)
    first = story_versions(article)[0]
    assert first.field_dict["status"] == "draft"
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    html = editor.get(url).content.decode()
    assert "Restoring this version changes whether and when readers see the story" in html
    assert "Status: Published → Draft." in html and "Readers will no longer see the story." in html
    # The history's button leads to this page first, rather than restoring at once.
    history = editor.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert f'href="{url}">Restore this version' in history and f'action="{url}"' not in history


def test_restoring_a_version_with_the_same_status_warns_of_nothing(editor):
    article, (first, _second, _third) = three_versions(editor)
    url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    html = editor.get(url).content.decode()
    assert "Restoring this version changes whether" not in html and "Status:" not in html


def deleted_version(editor, article):
    editor.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    return Version.objects.get_deleted(Article).get()


def test_a_recovered_published_story_comes_back_as_a_draft_by_default(editor, client):
    article = make_article(title_en="Desalination plant opens", slug="desalination")
    deleted = deleted_version(editor, article)
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    html = editor.get(url).content.decode()
    assert "When it was deleted, this story was Published" in html
    assert 'name="recover_as" value="draft" checked' in html
    assert "Readers will see the story at once." in html  # said of the other choice
    assert editor.post(url).status_code == 302
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.status == "draft" and not recovered.is_published()
    assert client.get("/en/stories/desalination/").status_code == 404


def test_a_recovered_story_comes_back_published_when_the_editor_chooses(editor, client):
    article = make_article(title_en="Grid battery record", slug="grid-battery")
    deleted = deleted_version(editor, article)
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    assert editor.post(url, {"recover_as": "recorded"}).status_code == 302
    assert Article.objects.get(pk=article.pk).is_published()
    assert client.get("/en/stories/grid-battery/").status_code == 200


def test_restoring_an_older_slug_keeps_the_newer_one_as_a_redirect(editor, client):
    article = make_article(slug="older-slug")
    form = {**open_form(editor, article), "slug": "newer-slug", "confirm_slug_change": "on"}
    assert save(editor, article, form).status_code == 302
    oldest = story_versions(article)[0]
    assert (
        editor.post(reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])).status_code
        == 302
    )
    assert Article.objects.get(pk=article.pk).slug == "older-slug"
    assert SlugHistory.objects.target_of("story", "newer-slug") == article.pk
    assert SlugHistory.objects.target_of("story", "older-slug") is None
    assert client.get("/en/stories/newer-slug/")["Location"] == "/en/stories/older-slug/"
