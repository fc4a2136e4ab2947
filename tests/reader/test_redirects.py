"""Old slugs: every address a published story, section or tag had answers 301 to the current one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles import services
from articles.models import SlugHistory
from tests.admin.test_locking import client_for, open_form, save
from tests.factories import make_article, make_section, make_superuser, make_tag

pytestmark = pytest.mark.django_db


def story_url(slug: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse("articles:detail", kwargs={"slug": slug})


def rename(editor, article, slug):
    data = {**open_form(editor, article), "slug": slug, "confirm_slug_change": "on"}
    assert save(editor, article, data).status_code == 302
    article.refresh_from_db()


@pytest.fixture
def editor():
    return client_for(make_superuser("erin"))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_old_slug_redirects_to_the_current_one_after_several_renames(client, editor, language):
    article = make_article(slug="first-name")
    rename(editor, article, "second-name")
    rename(editor, article, "third-name")
    for old in ("first-name", "second-name"):
        response = client.get(story_url(old, language))
        assert response.status_code == 301
        assert response["Location"] == story_url("third-name", language)
    assert client.get(story_url("third-name", language)).status_code == 200


def test_taking_back_a_former_slug_makes_no_loop(client, editor):
    article = make_article(slug="alpha-name")
    rename(editor, article, "beta-name")
    rename(editor, article, "alpha-name")
    assert client.get(story_url("alpha-name")).status_code == 200
    response = client.get(story_url("beta-name"))
    assert response.status_code == 301 and response["Location"] == story_url("alpha-name")
    assert SlugHistory.objects.target_of("story", "alpha-name") is None


def test_a_slug_reused_by_another_story_wins_over_the_redirect(client, editor):
    first = make_article(slug="shared-name", title_en="The first holder of the address")
    rename(editor, first, "first-new-name")
    assert client.get(story_url("shared-name")).status_code == 301
    second = make_article(slug="reused", title_en="The second holder of the address")
    rename(editor, second, "shared-name")
    response = client.get(story_url("shared-name"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The second holder of the address" in html and "The first holder of the address" not in html


def test_old_slug_of_a_story_no_longer_public_is_a_404_and_unknown_slugs_stay_404(client, editor):
    article = make_article(slug="gone-public")
    rename(editor, article, "now-draft")
    services.unpublish_article(article=article)
    assert client.get(story_url("gone-public")).status_code == 404
    assert client.get(story_url("never-existed")).status_code == 404


def test_a_published_page_costs_no_extra_query(client, editor, settings):
    settings.GUOZHEN_PAGE_CACHE = False  # count the view's own queries
    article = make_article(slug="steady-name")
    with CaptureQueriesContext(connection) as before:
        assert client.get(story_url("steady-name")).status_code == 200
    rename(editor, article, "renamed-steady")
    with CaptureQueriesContext(connection) as after:
        assert client.get(story_url("renamed-steady")).status_code == 200
    assert len(after) == len(before)
    assert not any("slughistory" in q["sql"] for q in after.captured_queries)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_section_and_tag_old_slugs_redirect_keeping_the_page(client, editor, language):
    section = make_section(slug="old-section")
    tag = make_tag(slug="old-tag")
    make_article(section=section, tags=[tag])
    for model, obj in (("section", section), ("tag", tag)):
        url = reverse(f"admin:articles_{model}_change", args=[obj.pk])
        data = {"name_en": obj.name_en, "name_zh_hans": obj.name_zh_hans, "slug": f"new-{model}"}
        assert editor.post(url, {**data, "position": "0", "confirm_slug_change": "on"}).status_code == 302
        with translation.override(language):
            old = reverse(f"articles:{model}", kwargs={"slug": f"old-{model}"})
            new = reverse(f"articles:{model}", kwargs={"slug": f"new-{model}"})
        # ?page=1 is the list's canonical first page (the page cache drops it): the redirect lands there.
        response = client.get(old + "?page=1")
        assert response.status_code == 301 and response["Location"] == new
        assert client.get(new).status_code == 200


def test_sitemap_and_feed_name_only_the_current_slug(client, editor):
    article = make_article(slug="before-rename")
    rename(editor, article, "after-rename")
    sitemap = client.get("/sitemap-stories.xml").content.decode()
    assert "/stories/after-rename/" in sitemap and "before-rename" not in sitemap
    feed = client.get(reverse("articles:feed-rss")).content.decode()
    assert "/stories/after-rename/" in feed and "before-rename" not in feed


def test_a_tag_feed_at_an_old_slug_redirects_to_the_feed(client, editor):
    tag = make_tag(slug="old-feed-tag")
    make_article(tags=[tag])
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    data = {"name_en": tag.name_en, "name_zh_hans": tag.name_zh_hans, "slug": "new-feed-tag"}
    assert editor.post(url, {**data, "confirm_slug_change": "on"}).status_code == 302
    with translation.override("en"):
        old = reverse("articles:tag-feed", kwargs={"slug": "old-feed-tag"})
        new = reverse("articles:tag-feed", kwargs={"slug": "new-feed-tag"})
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    assert client.get(new).status_code == 200
    assert client.get(reverse("articles:tag-feed", kwargs={"slug": "no-such-tag"})).status_code == 404
