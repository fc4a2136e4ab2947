"""Translation status: missing, done, outdated; the roll-up, list filters, queue and reader notice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from articles import services
from articles.models import Article
from articles.translations.status import article_status
from tests.factories import (
    change_url,
    editor_data,
    make_article,
    make_image,
    make_section,
    make_staff_user,
    make_tag,
    translator_data,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]

QUEUE = "admin:articles_translation_queue"


@pytest.fixture
def admin_client(client, django_user_model):
    """A superuser without a password: hashing one costs a third of a second per test."""
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.com", None))
    return client


@pytest.fixture
def translator(client):
    client.force_login(make_staff_user("Translators"))
    return client


@pytest.fixture
def editor(client):
    """Another client, so a test can act as the editor and the translator in turns."""
    from django.test import Client

    other = Client()
    other.force_login(make_staff_user("Editors"))
    return other


def states(article):
    return article_status(Article.objects.prefetch_related("images").get(pk=article.pk)).fields


def test_story_field_goes_missing_done_outdated_and_back(translator, editor):
    article = make_article(title_en="Robots learn to fold laundry", title_zh_hans="")
    assert states(article)["title"] == "missing"

    translator.post(change_url(article), translator_data(article, title_zh_hans="机器人学会叠衣服"))
    assert states(article)["title"] == "done"

    response = editor.post(change_url(article), editor_data(article, title_en="Robots learn to fold shirts"))
    assert response.status_code == 302
    assert states(article) == {"title": "outdated", "dek": "done", "body": "done", "why_it_matters": "done"}

    html = translator.get(change_url(article)).content.decode()
    assert "gz-state-outdated" in html
    assert '<del><span class="gz-sr-only">removed: </span>laundry</del>' in html
    assert '<ins><span class="gz-sr-only">added: </span>shirts</ins>' in html

    article.refresh_from_db()
    translator.post(change_url(article), translator_data(article, title_zh_hans="机器人学会叠衬衫"))
    assert states(article)["title"] == "done"
    assert "gz-state-outdated" not in translator.get(change_url(article)).content.decode()


def test_image_caption_goes_missing_done_outdated_and_can_be_confirmed(translator, editor):
    article = make_article(title_en="Pictures of a wafer fab")
    image = make_image(article, caption_en="The clean room", caption_zh_hans="")
    assert states(article)["image 1 caption"] == "missing"

    translator.post(change_url(article), translator_data(article, **{"images-0-caption_zh_hans": "无尘室"}))
    assert states(article)["image 1 caption"] == "done"

    response = editor.post(
        change_url(article), editor_data(article, **{"images-0-caption_en": "The clean room."})
    )
    assert response.status_code == 302
    assert states(article)["image 1 caption"] == "outdated"
    assert states(article)["image 1 alt_text"] == "done"
    html = translator.get(change_url(article)).content.decode()
    assert 'name="images-0-reviewed" value="caption"' in html

    # "Still accurate": the Chinese is kept and the field is done again.
    translator.post(change_url(article), translator_data(article, **{"images-0-reviewed": ["caption"]}))
    image.refresh_from_db()
    assert image.caption_zh_hans == "无尘室"
    assert states(article)["image 1 caption"] == "done"


def test_resaving_unchanged_form_with_browser_line_endings_marks_nothing_outdated(editor):
    article = make_article(title_en="Line endings never matter", body_en="One.\n\nTwo.")
    make_image(article)
    data = editor_data(article)
    data["body_en"] = data["body_en"].replace("\n", "\r\n")  # what a browser textarea sends
    assert editor.post(change_url(article), data).status_code == 302
    assert set(states(article).values()) == {"done"}


def test_editor_changing_english_and_chinese_together_keeps_it_done(editor):
    article = make_article(title_en="Both sides change here")
    data = editor_data(article, title_en="Both sides changed here", title_zh_hans="两边都改了")
    assert editor.post(change_url(article), data).status_code == 302
    assert states(article)["title"] == "done"


def test_diff_escapes_english_markup(translator):
    article = make_article(title_en="Plain headline here")
    article.title_en = "Plain <script>alert(1)</script> headline here"
    article.save()
    html = translator.get(change_url(article)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_roll_up_and_percent():
    complete = make_article(title_en="Everything translated here")
    partial = make_article(title_en="Half of it translated", body_zh_hans="", why_it_matters_zh_hans="")
    stale = make_article(title_en="Stale translation story")
    stale.dek_en = "A new dek."
    stale.save()
    statuses = {a.pk: article_status(a) for a in Article.objects.prefetch_related("images")}
    assert (statuses[complete.pk].state, statuses[complete.pk].percent) == ("complete", 100)
    assert (statuses[partial.pk].state, statuses[partial.pk].percent) == ("partial", 50)
    assert (statuses[stale.pk].state, statuses[stale.pk].percent) == ("outdated", 75)
    assert not statuses[stale.pk].complete and statuses[stale.pk].outdated == 1


def test_change_list_shows_roll_up_and_filters(admin_client):
    make_article(title_en="Everything translated here")
    make_article(title_en="Half of it translated", body_zh_hans="")
    stale = make_article(title_en="Stale translation story")
    make_image(stale, caption_en="Old caption")
    image = stale.images.get()
    image.caption_en = "New caption"
    image.save()
    url = reverse("admin:articles_article_changelist")

    html = admin_client.get(url).content.decode()
    assert "zh 100%" in html and "complete" in html
    assert "zh 75%" in html and "partial" in html
    assert "zh 83%" in html and "outdated" in html  # 5 of 6 fields done

    def titles(value):
        page = admin_client.get(url, {"zh": value}).content.decode()
        names = ("Everything translated here", "Half of it translated", "Stale translation story")
        return {name for name in names if name in page}

    assert titles("needed") == {"Half of it translated", "Stale translation story"}
    assert titles("outdated") == {"Stale translation story"}
    assert titles("complete") == {"Everything translated here"}


@pytest.mark.parametrize("count", [5, 50])
def test_change_list_query_count_does_not_grow(admin_client, django_assert_max_num_queries, count):
    section = make_section()
    for _ in range(count):
        make_image(make_article(section=section, body_zh_hans=""))
    with django_assert_max_num_queries(14):  # 12, the notes (issue 15), the admin language preference
        response = admin_client.get(reverse("admin:articles_article_changelist"), {"zh": "needed"})
    assert response.content.decode().count("zh 83%") == count


def test_editor_form_shows_completeness_before_publishing(editor):
    article = make_article(status="review", hours_ago=None, title_en="Almost ready piece", dek_zh_hans="")
    html = editor.get(change_url(article)).content.decode()
    assert '<progress max="100" value="75">' in html
    assert "Chinese 75% done (partial): 3 of 4 fields." in html
    assert "<strong>Missing:</strong> dek" in html
    assert "Outdated:" not in html
    assert "googleapis" not in html  # the tabs' jQuery UI is served by us (strict CSP, no CDN)


def make_queue_stories():
    now = timezone.now()
    stories = {
        "late": make_article(title_en="Scheduled for next week", status="published", hours_ago=-170),
        "soon": make_article(title_en="Scheduled for tomorrow", status="published", hours_ago=-20),
        "old": make_article(title_en="Published last month", hours_ago=700, body_zh_hans=""),
        "new": make_article(title_en="Published this morning", hours_ago=2),
        "done": make_article(title_en="Fully translated already", hours_ago=1),
        "draft": make_article(
            title_en="Draft with no Chinese", status="draft", hours_ago=None, title_zh_hans=""
        ),
    }
    for key in ("late", "soon"):
        Article.objects.filter(pk=stories[key].pk).update(title_zh_hans="")
    stories["new"].title_en = "Published this morning, corrected"
    stories["new"].save()
    make_image(stories["new"], caption_zh_hans="")
    assert stories["soon"].published_at > now
    return stories


def test_queue_lists_scheduled_then_published_with_counts(translator):
    make_queue_stories()
    make_tag(name_en="Untranslated Tag", name_zh_hans="")
    make_tag(name_en="Translated Tag", name_zh_hans="已译标签")
    make_section(name_en="Untranslated Section", name_zh_hans="")
    response = translator.get(reverse(QUEUE))
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        "Scheduled for tomorrow",
        "Scheduled for next week",
        "Published this morning, corrected",
        "Published last month",
    ]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Fully translated already" not in html and "Draft with no Chinese" not in html
    rows = response.context["published"].rows
    fresh = rows[0].status
    assert (fresh.missing, fresh.outdated) == (1, 1)  # image caption missing, headline outdated
    assert (rows[1].status.missing, rows[1].status.outdated) == (1, 0)
    assert '<td class="gz-num gz-missing-count">1</td>' in html
    assert "Untranslated Tag" in html and "Translated Tag" not in html
    assert "Untranslated Section" in html
    for row in rows:
        assert reverse("admin:articles_article_change", args=[row.article.pk]) in html


@pytest.mark.parametrize("count", [5, 50])
def test_queue_query_count_does_not_grow(admin_client, django_assert_max_num_queries, count):
    section = make_section()
    for i in range(count):
        make_image(make_article(section=section, hours_ago=i + 1 if i % 2 else -(i + 1), body_zh_hans=""))
    planned = timezone.localdate() + timedelta(days=3)
    for _ in range(count // 5):
        make_image(
            make_article(
                section=section, status="draft", hours_ago=None, planned_for=planned, body_zh_hans=""
            )
        )
    # Rows, images and notes for each story part (scheduled, planned, published), then the authors,
    # tags and sections, the termbase, the session and the language preference: flat in the stories.
    with django_assert_max_num_queries(16):
        response = admin_client.get(reverse(QUEUE))
    assert len(response.context["scheduled"].rows) + len(response.context["published"].rows) == count
    assert len(response.context["planned"].rows) == count // 5


def test_queue_is_for_translators_and_editors_only(client, editor, django_user_model):
    assert editor.get(reverse(QUEUE)).status_code == 200
    assert client.get(reverse(QUEUE)).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("helpdesk", is_staff=True))
    assert client.get(reverse(QUEUE)).status_code == 403


def test_outdated_notice_on_chinese_page_only(client):
    stale = make_article(title_en="Outdated in Chinese now", slug="outdated-story")
    stale.body_en = "A corrected body."
    stale.save()
    current = make_article(title_en="Translation is current", slug="current-story")

    zh = client.get("/zh-hans/stories/outdated-story/").content.decode()
    assert "notice--outdated" in zh
    assert 'href="/en/stories/outdated-story/"' in zh
    assert "英文原文已有更新" in zh
    en = client.get("/en/stories/outdated-story/").content.decode()
    assert "notice--outdated" not in en
    fresh = client.get(f"/zh-hans/stories/{current.slug}/").content.decode()
    assert "notice--outdated" not in fresh


def test_outdated_image_caption_also_shows_the_notice(client):
    article = make_article(title_en="Caption went stale", slug="caption-stale")
    image = make_image(article)
    image.caption_en = "A better caption"
    image.save()
    assert "notice--outdated" in client.get("/zh-hans/stories/caption-stale/").content.decode()


# --- Publishing may require a complete translation ------------------------------------------


def test_publish_service_refuses_incomplete_translation_when_required(settings):
    settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION = True
    article = make_article(status="review", hours_ago=None, body_zh_hans="")
    # In English whatever language an earlier test's request left active in this thread.
    with translation.override("en"), pytest.raises(ValidationError, match="body"):
        services.publish_article(article=article)
    article.refresh_from_db()
    assert article.status == "review" and article.published_at is None

    article.body_zh_hans = "正文。"
    article.save()
    services.publish_article(article=article)
    assert article.is_published()


def test_publish_service_allows_incomplete_translation_by_default():
    article = make_article(status="review", hours_ago=None, body_zh_hans="")
    services.publish_article(article=article)
    assert article.is_published()


def test_publish_action_reports_incomplete_translation(settings, admin_client):
    settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION = True
    article = make_article(status="draft", hours_ago=None, title_en="Needs Chinese first", dek_zh_hans="")
    response = admin_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "cannot be published until its Chinese translation is complete" in response.content.decode()
    article.refresh_from_db()
    assert article.status == "draft"


def test_publish_in_form_refused_until_translated_and_nothing_saved(settings, editor):
    settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION = True
    article = make_article(status="review", hours_ago=None, title_en="Form publish attempt")
    make_image(article, caption_zh_hans="")
    published = timezone.localtime(timezone.now() - timedelta(hours=1))
    data = editor_data(
        article,
        source_name="Edited source name",
        status="published",
        published_at_0=published.strftime("%Y-%m-%d"),
        published_at_1=published.strftime("%H:%M:%S"),
    )
    response = editor.post(change_url(article), data)
    assert response.status_code == 200
    assert "image 1 caption" in response.content.decode()
    article.refresh_from_db()
    assert (article.status, article.source_name) == ("review", "Example Lab Blog")

    data["body_zh_hans"] = ""
    data["images-0-caption_zh_hans"] = "图注"
    response = editor.post(change_url(article), data)
    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors["status"][0]

    data["body_zh_hans"] = "正文。"
    assert editor.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_published()


def test_published_story_can_still_be_corrected_when_translation_is_required(settings, editor):
    settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION = True
    article = make_article(title_en="Already public story")
    response = editor.post(change_url(article), editor_data(article, title_en="Already public story, fixed"))
    assert response.status_code == 302
    assert states(article)["title"] == "outdated"


def test_load_demo_records_translation_sources():
    call_command("load_demo", no_accounts=True)
    for article in Article.objects.prefetch_related("images"):
        status = article_status(article)
        assert status.outdated == 0
        assert set(article.translation_sources) == {
            name for name in article.translation_source_fields if getattr(article, f"{name}_zh_hans")
        }
    partial = [a for a in Article.objects.published() if not a.body_zh_hans]
    assert article_status(partial[0]).fields["body"] == "missing"


def test_every_write_path_records_the_english_source(editor):
    """The editor's add form, a plain save() and services all leave the fingerprints right."""
    section = make_section()
    data = {
        **{f"{name}_en": f"English {name} text" for name in Article.translation_source_fields},
        **{f"{name}_zh_hans": f"中文{name}" for name in ("title", "dek", "body")},
        "why_it_matters_zh_hans": "",
        "section": section.pk,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "slug": "added-through-the-form",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
    }
    assert editor.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="added-through-the-form")
    assert set(article.translation_sources) == {"title", "dek", "body"}
    assert article.translation_sources["body"]["text"] == "English body text"
    assert states(article) == {"title": "done", "dek": "done", "body": "done", "why_it_matters": "missing"}

    services.publish_article(article=article)  # saves with update_fields; sources untouched
    article.refresh_from_db()
    assert set(article.translation_sources) == {"title", "dek", "body"}
    assert set(states(article).values()) == {"done", "missing"}
