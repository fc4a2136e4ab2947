"""Page-cache invalidation: every kind of save, and the passing of a scheduled publish time, makes
the next request render afresh."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles import services
from articles.caching.pages import GENERATION_KEY
from articles.models import Article
from tests.factories import make_article, make_image, make_tag

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def get(client, path, **headers):
    return client.get(path, headers=headers)


# --- Invalidation: every kind of save makes the next request render afresh ---------------------


def change_story_title(article):
    article.title_en = "Headline rewritten by the desk"
    article.save()
    return "Headline rewritten by the desk"


def change_translation(article):
    article.title_zh_hans = "编辑部改写的标题"
    article.save()
    return None


def unpublish(article):
    services.unpublish_article(article=article)
    return None


def archive(article):
    services.archive_article(article=article)
    return None


def delete(article):
    article.delete()
    return None


def add_image(article):
    make_image(article)
    return None


def change_image(article):
    image = make_image(article)
    image.alt_text_en = "A chart redrawn"
    image.save()
    return None


def delete_image(article):
    make_image(article).delete()
    return None


def rename_tag(article):
    tag = article.tags.first()
    tag.name_en = "Renamed topic"
    tag.save()
    return None


def add_tag(article):
    article.tags.add(make_tag())
    return None


def remove_tags(article):
    article.tags.clear()
    return None


def rename_section(article):
    article.section.name_en = "Renamed desk"
    article.section.save()
    return None


@pytest.mark.parametrize(
    "change",
    [
        change_story_title,
        change_translation,
        unpublish,
        archive,
        delete,
        add_image,
        change_image,
        delete_image,
        rename_tag,
        add_tag,
        remove_tags,
        rename_section,
    ],
)
def test_any_save_makes_every_cached_page_fresh(client, change):
    tag = make_tag()
    article = make_article(title_en="Original headline of the day", tags=[tag])
    pages = [
        "/en/",
        "/zh-hans/",
        url("articles:detail", slug=article.slug),
        url("articles:tag", slug=tag.slug),
    ]
    pages.append(url("articles:section", slug=article.section.slug))
    for page in pages:
        get(client, page)
        assert get(client, page)["X-Page-Cache"] == "hit"

    new_title = change(article)

    for page in pages:
        response = get(client, page)
        assert response.get("X-Page-Cache") != "hit", page
        if new_title and page.startswith("/en/") and response.status_code == 200:
            assert new_title in response.content.decode()
            assert "Original headline of the day" not in response.content.decode()


def test_unpublished_story_disappears_at_once(client):
    article = make_article(title_en="Soon withdrawn report")
    detail = url("articles:detail", slug=article.slug)
    assert get(client, detail).status_code == 200
    assert get(client, detail)["X-Page-Cache"] == "hit"
    services.unpublish_article(article=article)
    assert get(client, detail).status_code == 404
    assert "Soon withdrawn report" not in get(client, "/en/").content.decode()


def test_publishing_a_draft_shows_it_on_the_cached_home(client):
    draft = make_article(status="draft", hours_ago=None, title_en="Freshly approved analysis")
    assert "Freshly approved analysis" not in get(client, "/en/").content.decode()
    assert get(client, "/en/")["X-Page-Cache"] == "hit"
    services.publish_article(article=draft)
    assert "Freshly approved analysis" in get(client, "/en/").content.decode()


def test_editor_save_in_admin_refreshes_the_public_page(client, admin_client):
    article = make_article(title_en="Draft wording in the admin")
    detail = url("articles:detail", slug=article.slug)
    get(client, detail)
    article.refresh_from_db()
    data = {
        "title_en": "Final wording from the admin",
        "title_zh_hans": article.title_zh_hans,
        "dek_en": article.dek_en,
        "dek_zh_hans": article.dek_zh_hans,
        "body_en": article.body_en,
        "body_zh_hans": article.body_zh_hans,
        "why_it_matters_en": "",
        "why_it_matters_zh_hans": "",
        "section": article.section_id,
        "status": "published",
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        "source_name": "",
        "source_url": "",
        "slug": article.slug,
        "loaded_version": article.version,  # the optimistic lock's hidden field
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    page = get(client, detail).content.decode()
    assert "Final wording from the admin" in page
    assert "Draft wording in the admin" not in page


def test_generation_is_bumped_again_after_commit(django_capture_on_commit_callbacks):
    from django.core.cache import cache

    article = make_article()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title_en = "Changed inside a transaction"
        article.save()
        during = cache.get(GENERATION_KEY)
    assert callbacks, "the bump after commit was not registered"
    for callback in callbacks:
        callback()
    assert cache.get(GENERATION_KEY) > during


# --- What is never cached -------------------------------------------------------------------


def test_no_cached_page_outlives_the_next_scheduled_publish(client, settings):
    settings.GUOZHEN_PAGE_SHARED_MAX_AGE = 300
    make_article(title_en="Already public story")
    scheduled = make_article(title_en="Timed announcement", hours_ago=-3 / 3600)
    publish_at = scheduled.published_at

    before = get(client, "/en/")
    assert "Timed announcement" not in before.content.decode()
    assert get(client, "/en/")["X-Page-Cache"] == "hit"
    s_maxage = int(before["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage <= 3  # a CDN may not keep it past the publish time either

    time.sleep(max(0.0, (publish_at - timezone.now()).total_seconds()) + 0.05)
    after = get(client, "/en/")
    assert "Timed announcement" in after.content.decode()
    assert after["X-Page-Cache"] == "miss"


def test_scheduling_a_story_later_caps_pages_cached_before(client, settings):
    settings.GUOZHEN_PAGE_SHARED_MAX_AGE = 300
    make_article(title_en="Morning briefing story")
    get(client, "/en/")
    assert get(client, "/en/")["X-Page-Cache"] == "hit"
    draft = make_article(status="draft", hours_ago=None, title_en="Evening scheduled column")
    services.publish_article(article=draft, at=timezone.now() + timedelta(seconds=1))
    response = get(client, "/en/")
    assert "Evening scheduled column" not in response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert "s-maxage=0" in response["Cache-Control"]  # due in under a second: not kept at all
    time.sleep(1.1)
    assert "Evening scheduled column" in get(client, "/en/").content.decode()


def test_clear_page_cache_command_makes_pages_fresh(client):
    from io import StringIO

    from django.core.management import call_command

    article = make_article(title_en="Bulk edited headline before")
    get(client, "/en/")
    # A write that sends no signal, as a data migration or a bulk fix would make.
    Article.objects.filter(pk=article.pk).update(title_en="Bulk edited headline after")
    assert "Bulk edited headline before" in get(client, "/en/").content.decode()  # served from cache
    out = StringIO()
    call_command("clear_page_cache", stdout=out)
    assert "Page cache cleared" in out.getvalue()
    page = get(client, "/en/").content.decode()
    assert "Bulk edited headline after" in page
    assert "Bulk edited headline before" not in page


def test_regenerated_renditions_make_cached_pages_fresh(client, django_capture_on_commit_callbacks):
    """regenerate_renditions writes with QuerySet.update() (no signal) and then deletes the old files:
    pages that name those files must not be served from the cache any more."""
    from io import StringIO

    from django.core.management import call_command

    article = make_article(title_en="Story whose pictures are rebuilt")
    make_image(article)
    detail = url("articles:detail", slug=article.slug)
    get(client, detail)
    assert get(client, detail)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("regenerate_renditions", "--force", stdout=StringIO(), stderr=StringIO())
    assert get(client, detail)["X-Page-Cache"] == "miss"
