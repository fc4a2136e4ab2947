"""A story's planned date, writer and translator: set in the story form, shown in the queue."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import change_url, editor_data, make_article, make_staff_user

pytestmark = pytest.mark.django_db


def test_the_story_form_sets_the_planned_date_writer_and_translator(admin_client):
    article = make_article(status="draft", hours_ago=None)
    writer, translator = make_staff_user("Editors"), make_staff_user("Translators")
    data = editor_data(article, planned_for="2027-04-01", writer=writer.pk, translator=translator.pk)
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.planned_for, article.writer, article.translator) == (date(2027, 4, 1), writer, translator)
    assert article.published_at is None  # planning publishes nothing


def test_the_story_form_offers_only_active_staff(admin_client):
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user("notstaff")
    article = make_article(status="draft", hours_ago=None)
    response = admin_client.post(change_url(article), editor_data(article, writer=reader.pk))
    assert response.status_code == 200 and "writer" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).writer is None


def test_the_queue_shows_planned_stories_soonest_first_after_the_scheduled_ones(admin_client):
    today = timezone.localdate()
    later = make_article(
        status="draft",
        hours_ago=None,
        planned_for=today + timedelta(days=9),
        title_zh_hans="",
        title_en="Planned later piece",
    )
    sooner = make_article(
        status="review",
        hours_ago=None,
        planned_for=today + timedelta(days=2),
        title_zh_hans="",
        title_en="Planned sooner piece",
    )
    make_article(status="published", hours_ago=-5, title_zh_hans="", title_en="Scheduled soon piece")
    make_article(status="published", hours_ago=5, title_zh_hans="", title_en="Published piece")
    make_article(status="draft", hours_ago=None, planned_for=today, title_en="Planned and translated piece")

    page = admin_client.get(reverse("admin:articles_translation_queue")).content.decode()
    order = [
        page.index(t)
        for t in ("Scheduled soon piece", "Planned sooner piece", "Planned later piece", "Published piece")
    ]
    assert order == sorted(order)
    assert "Planned and translated piece" not in page
    assert f'datetime="{sooner.planned_for.isoformat()}"' in page
    assert f'datetime="{later.planned_for.isoformat()}"' in page
