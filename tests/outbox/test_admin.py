"""Editors manage endpoints (the secret is shown once) and read the delivery log, with "send again"."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import services
from articles.models import Delivery, DeliveryAttempt, WebhookEndpoint
from tests.factories import make_article, make_staff_user
from tests.outbox.receiver import Receiver
from tests.outbox.worker import run_tasks

pytestmark = pytest.mark.django_db
ADD = reverse("admin:articles_webhookendpoint_add")
ENDPOINTS = reverse("admin:articles_webhookendpoint_changelist")
DELIVERIES = reverse("admin:articles_delivery_changelist")


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff_user("Editors"))
    return client


def test_an_editor_adds_an_endpoint_and_sees_its_secret_once(editor_client):
    response = editor_client.post(
        ADD, {"url": "https://partner.example.com/hooks", "events": ["story.published"], "active": "on"}
    )
    assert response.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    page = response.content.decode()
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in page
    assert endpoint.events == ["story.published"]
    # Never again: not in the list, not on the change page.
    assert endpoint.secret not in editor_client.get(ENDPOINTS).content.decode()
    change = editor_client.get(endpoint.get_absolute_url()).content.decode()
    assert endpoint.secret not in change and "partner.example.com" in change


def test_the_endpoint_form_refuses_no_events_and_http_in_production(editor_client, settings):
    settings.GUOZHEN_WEBHOOK_REQUIRE_HTTPS = True
    response = editor_client.post(
        ADD, {"url": "http://partner.example.com/hooks", "events": [], "active": "on"}
    )
    assert response.status_code == 200
    assert "https://" in response.content.decode()
    assert response.context["adminform"].form.errors.keys() == {"url", "events"}
    assert not WebhookEndpoint.objects.exists()


def test_rotating_shows_the_new_secret_and_keeps_the_old_one_for_a_day(editor_client, endpoint):
    old = endpoint.secret
    response = editor_client.post(ENDPOINTS, {"action": "rotate_secrets", "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    page = response.content.decode()
    assert endpoint.secret in page and old not in page


def test_translators_cannot_see_webhooks(client):
    client.force_login(make_staff_user("Translators"))
    assert client.get(ENDPOINTS).status_code == 403
    assert client.get(DELIVERIES).status_code == 403


def test_the_delivery_log_shows_each_attempt_and_sends_again(editor_client):
    receiver = Receiver(script=[502])
    with receiver:
        services.create_endpoint(endpoint=WebhookEndpoint(url=receiver.url, events=["story.unpublished"]))
        article = make_article(title_en="Lab closes its doors")
        services.unpublish_article(article=article)
        run_tasks(until=lambda: Delivery.objects.filter(state="delivered").exists())
        delivery = Delivery.objects.get()
        listing = editor_client.get(DELIVERIES).content.decode()
        assert "Lab closes its doors" in listing and "Delivered" in listing
        page = editor_client.get(delivery.get_absolute_url()).content.decode()
        assert ">502<" in page and ">200<" in page and delivery.event.webhook_id in page

        response = editor_client.post(DELIVERIES, {"action": "send_again", "_selected_action": [delivery.pk]})
        assert response.status_code == 302
        assert Delivery.objects.get().state == "pending"
        run_tasks(until=lambda: Delivery.objects.filter(state="delivered").exists())
    assert DeliveryAttempt.objects.count() == 3
    assert len(receiver.requests) == 3


def test_the_webhooks_command_adds_lists_and_removes(capsys):
    call_command("webhooks", "add", "http://127.0.0.1:9/hook", "--events", "story.published,story.updated")
    out = capsys.readouterr().out
    endpoint = WebhookEndpoint.objects.get()
    assert re.search(rf"^id: {endpoint.pk}$", out, re.M)
    assert f"secret: {endpoint.secret}" in out
    assert endpoint.events == ["story.published", "story.updated"]

    call_command("webhooks", "list")
    listed = capsys.readouterr().out
    assert "http://127.0.0.1:9/hook" in listed and endpoint.secret not in listed

    call_command("webhooks", "remove", str(endpoint.pk))
    assert not WebhookEndpoint.objects.exists()


def test_the_webhooks_command_refuses_unknown_events_and_ids():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="story.published"):
        call_command("webhooks", "add", "http://127.0.0.1:9/hook", "--events", "story.deleted")
    with pytest.raises(CommandError, match="No webhook endpoint"):
        call_command("webhooks", "remove", "999")
    assert not WebhookEndpoint.objects.exists()


def test_webhooks_resume_queues_the_publish_of_stories_scheduled_before_the_outbox(capsys):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    later = make_article(hours_ago=-2)  # written directly: no task was queued for it
    make_article()  # already public: nothing to queue
    assert not DBTaskResult.objects.exists()
    call_command("webhooks", "resume")
    assert "scheduled stories queued: 1" in capsys.readouterr().out
    (task,) = DBTaskResult.objects.filter(task_path="articles.outbox.tasks.publish_when_due")
    assert task.args_kwargs["args"][0] == later.pk
    assert abs(task.run_after - later.published_at) < timedelta(seconds=1)
    assert task.run_after > timezone.now()
