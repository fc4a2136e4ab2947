"""Events are written by the services in the transaction of the change: rolled back, nothing is sent."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import services
from articles.models import Article, Delivery, EventType, OutboxEvent, WebhookEndpoint
from tests.factories import change_url, editor_data, make_article, make_staff_user, translator_data
from tests.outbox.worker import run_tasks

pytestmark = pytest.mark.django_db


def events_of(article):
    return list(OutboxEvent.objects.filter(story=article).values_list("type", flat=True))


def test_publishing_records_the_event_with_both_languages_and_a_delivery(endpoint):
    other = services.create_endpoint(
        endpoint=WebhookEndpoint(url="http://127.0.0.1:9/other", events=["story.unpublished"])
    )
    article = make_article(
        status="draft", hours_ago=None, title_en="Chips ship early", title_zh_hans="芯片提前发货"
    )
    services.publish_article(article=article)

    event = OutboxEvent.objects.get(story=article)
    assert event.type == EventType.STORY_PUBLISHED
    story = event.payload["story"]
    assert story["id"] == article.pk and story["slug"] == article.slug
    assert story["headline"] == {"en": "Chips ship early", "zh-hans": "芯片提前发货"}
    assert story["url"] == {
        "en": f"https://news.example.org/en/stories/{article.slug}/",
        "zh-hans": f"https://news.example.org/zh-hans/stories/{article.slug}/",
    }
    assert "." not in story["published_at"] and story["updated_at"]
    # One delivery, to the endpoint that wants the event; the drain task is on the queue with it.
    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [endpoint.pk]
    assert not Delivery.objects.filter(endpoint=other).exists()
    assert DBTaskResult.objects.filter(task_path="articles.outbox.tasks.drain_outbox").count() == 1


def test_a_refused_publish_records_nothing(settings, endpoint):
    settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION = True
    article = make_article(status="draft", hours_ago=None, dek_zh_hans="")
    with pytest.raises(ValidationError):
        services.publish_article(article=article)
    assert not OutboxEvent.objects.exists()
    assert not Delivery.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_rolled_back_publish_records_nothing(endpoint):
    article = make_article(status="draft", hours_ago=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.publish_article(article=article)
        assert OutboxEvent.objects.count() == 1  # written inside the transaction...
        raise RuntimeError("the request failed after the publish")
    assert not OutboxEvent.objects.exists()  # ...and gone with it, task and delivery too
    assert not Delivery.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert Article.objects.get(pk=article.pk).status == "draft"


def test_unpublishing_and_archiving_a_visible_story_record_unpublished(endpoint):
    first, second = make_article(), make_article()
    services.unpublish_article(article=first)
    services.archive_article(article=second)
    assert events_of(first) == ["story.unpublished"]
    assert events_of(second) == ["story.unpublished"]


def test_changes_readers_never_saw_record_nothing(endpoint):
    draft = make_article(status="draft", hours_ago=None)
    services.archive_article(article=draft)
    visible = make_article()
    services.publish_article(article=visible)  # already public: nothing new for the world
    assert not OutboxEvent.objects.exists()


def test_a_substantive_update_is_recorded_only_for_a_visible_story(endpoint):
    visible, draft = make_article(), make_article(status="draft", hours_ago=None)
    assert services.record_update_event(article=visible).type == "story.updated"
    assert services.record_update_event(article=draft) is None
    assert events_of(visible) == ["story.updated"] and events_of(draft) == []


def test_a_scheduled_story_fires_published_at_its_time_not_before(endpoint):
    article = make_article(status="draft", hours_ago=None)
    due = timezone.now() + timedelta(seconds=1)
    services.publish_article(article=article, at=due)
    assert events_of(article) == []
    task = DBTaskResult.objects.get(task_path="articles.outbox.tasks.publish_when_due")
    assert task.run_after == due

    run_tasks()  # nothing is due yet
    assert events_of(article) == []
    run_tasks(until=lambda: OutboxEvent.objects.exists(), timeout=5)
    assert timezone.now() >= due
    assert events_of(article) == ["story.published"]
    run_tasks()
    assert events_of(article) == ["story.published"]  # once


def test_a_moved_or_withdrawn_schedule_does_not_fire_at_the_old_time(endpoint):
    moved = make_article(status="draft", hours_ago=None)
    withdrawn = make_article(status="draft", hours_ago=None)
    soon = timezone.now() + timedelta(seconds=2)
    services.publish_article(article=moved, at=soon)
    services.publish_article(article=withdrawn, at=soon)
    services.publish_article(article=Article.objects.get(pk=moved.pk), at=soon + timedelta(hours=2))
    services.unpublish_article(article=Article.objects.get(pk=withdrawn.pk))

    waiting = DBTaskResult.objects.filter(task_path="articles.outbox.tasks.publish_when_due")
    run_tasks(until=lambda: not waiting.filter(run_after__lte=soon, status="READY").exists(), timeout=5)
    assert list(OutboxEvent.objects.values_list("type", "story_id")) == []
    assert waiting.filter(status="READY").count() == 1  # the new time's task still waits


def test_the_story_form_records_publish_and_translation_completed(client, endpoint):
    editor = make_staff_user("Editors")
    article = make_article(status="draft", hours_ago=2, body_zh_hans="")
    client.force_login(editor)
    response = client.post(change_url(article), editor_data(article, status="published"))
    assert response.status_code == 302
    assert events_of(article) == ["story.published"]

    translator = make_staff_user("Translators")
    client.force_login(translator)
    response = client.post(change_url(article), translator_data(article, body_zh_hans="完整的中文正文。"))
    assert response.status_code == 302
    assert events_of(article) == ["story.published", "translation.completed"]

    # An edit that changes nothing for the outside world records nothing more.
    client.force_login(editor)
    client.post(change_url(article), editor_data(article, source_name="Another source"))
    assert events_of(article) == ["story.published", "translation.completed"]


def test_the_story_form_scheduling_queues_the_publish_task(client, endpoint):
    editor = make_staff_user("Editors")
    article = make_article(status="draft", hours_ago=-3)
    client.force_login(editor)
    response = client.post(change_url(article), editor_data(article, status="published"))
    assert response.status_code == 302
    assert events_of(article) == []
    task = DBTaskResult.objects.get(task_path="articles.outbox.tasks.publish_when_due")
    assert task.args_kwargs["args"][0] == article.pk


def test_deleting_a_visible_story_in_the_admin_records_unpublished_first(admin_client, endpoint):
    visible = make_article(title_en="Withdrawn for legal reasons")
    draft = make_article(status="draft", hours_ago=None)
    slug = visible.slug
    delete = reverse("admin:articles_article_delete", args=[visible.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    changelist = reverse("admin:articles_article_changelist")
    admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    )
    assert not Article.objects.exists()
    event = OutboxEvent.objects.get()  # the draft readers never saw sends nothing
    assert event.type == "story.unpublished" and event.story is None
    assert event.payload["story"]["slug"] == slug
    assert Delivery.objects.get().story_key == event.payload["story"]["id"]


def test_a_correction_note_sends_story_corrected_and_an_update_note_story_updated():
    from tests.factories import make_note

    corrected, updated, hidden = make_article(), make_article(), make_article(status="draft", hours_ago=None)
    make_note(corrected, kind="correction", text_en="The chip has 8 cores, not 6.")
    make_note(updated, kind="update", text_en="The company has since replied.")
    make_note(hidden, kind="correction", text_en="Fixed before anyone saw it.")
    assert events_of(corrected) == ["story.corrected"]
    assert events_of(updated) == ["story.updated"]
    assert events_of(hidden) == []  # readers never saw the draft: nothing to tell
    payload = OutboxEvent.objects.get(story=corrected).payload
    assert payload["story"]["slug"] == corrected.slug
