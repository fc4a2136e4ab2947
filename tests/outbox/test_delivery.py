"""Delivery through a real receiver on 127.0.0.1: signed, retried, in order per story, logged, once."""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Delivery, DeliveryAttempt, EventType, OutboxEvent, WebhookEndpoint
from articles.outbox import delivery as outbox_delivery
from tests.factories import make_article
from tests.outbox.receiver import Receiver
from tests.outbox.worker import run_tasks

pytestmark = pytest.mark.django_db


def add_endpoint(url, events=tuple(EventType.values)):
    return services.create_endpoint(endpoint=WebhookEndpoint(url=url, events=list(events)))


def settled():
    return not Delivery.objects.filter(state=Delivery.State.PENDING).exists()


def test_refused_then_500_then_200_every_event_arrives_once_in_order_per_story():
    receiver = Receiver(script=[500, 500, 500])
    hook = add_endpoint(receiver.url)
    receiver.secret = hook.secret
    first, second = make_article(status="draft", hours_ago=None), make_article(status="draft", hours_ago=None)
    services.publish_article(article=first)
    services.publish_article(article=second)
    services.record_update_event(article=first)
    services.unpublish_article(article=second)
    services.unpublish_article(article=first)
    expected = list(OutboxEvent.objects.order_by("pk"))
    assert len(expected) == 5

    # The receiver's port is closed for the first half second: connections are refused.
    threading.Timer(0.5, receiver.start).start()
    try:
        run_tasks(until=settled, timeout=20)
    finally:
        receiver.stop()

    accepted = receiver.accepted()
    ids = [r.headers["webhook-id"] for r in accepted]
    assert sorted(ids) == sorted(e.webhook_id for e in expected)  # every event...
    assert len(ids) == len(set(ids))  # ...none twice
    assert all(r.verified for r in receiver.requests)  # every request carried a valid signature
    for story in (first, second):
        story_ids = [e.webhook_id for e in expected if e.story_id == story.pk]
        assert [i for i in ids if i in story_ids] == story_ids  # in the order they happened
    bodies = {r.headers["webhook-id"]: r.json() for r in accepted}
    published = bodies[expected[0].webhook_id]
    assert published["type"] == "story.published" and published["data"]["story"]["id"] == first.pk

    # The log shows each attempt: refused connections, the three 500s, and one 200 per event.
    attempts = DeliveryAttempt.objects.all()
    assert attempts.filter(status_code__isnull=True, error__startswith="connection").exists()
    assert attempts.filter(status_code=500).count() == 3
    assert attempts.filter(status_code=200).count() == 5
    assert attempts.count() == sum(Delivery.objects.values_list("attempts", flat=True))
    assert set(Delivery.objects.values_list("state", flat=True)) == {"delivered"}
    assert WebhookEndpoint.objects.get(pk=hook.pk).failing_since is None


def test_a_4xx_stops_at_once_and_later_events_of_the_story_follow():
    with Receiver(script=[410]) as receiver:
        add_endpoint(receiver.url)
        article = make_article(status="draft", hours_ago=None)
        services.publish_article(article=article)
        services.unpublish_article(article=article)
        run_tasks(until=settled)
    gone, later = Delivery.objects.order_by("event_id")
    assert (gone.state, gone.attempts, gone.last_status) == ("failed", 1, 410)
    assert (later.state, later.attempts) == ("delivered", 1)
    assert [r.json()["type"] for r in receiver.requests] == ["story.published", "story.unpublished"]


def test_429_is_retried_after_retry_after_and_retries_stop_when_the_window_ends(settings):
    with Receiver(script=[429], headers={"Retry-After": "1"}) as receiver:
        add_endpoint(receiver.url)
        services.publish_article(article=make_article(status="draft", hours_ago=None))
        run_tasks(until=settled)
    first, second = receiver.requests
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 0.95  # Retry-After: 1 was honoured

    settings.GUOZHEN_WEBHOOK_RETRY_WINDOW = 0.3
    with Receiver(script=[503] * 100) as down:
        add_endpoint(down.url)
        services.unpublish_article(article=make_article())
        run_tasks(until=settled)
    gave_up = Delivery.objects.get(endpoint__url=down.url)
    assert gave_up.state == "failed" and gave_up.last_status == 503
    assert 2 <= gave_up.attempts == len(down.requests) < 20


def test_an_endpoint_failing_for_the_limit_is_switched_off_and_editors_see_it(settings, client):
    from tests.factories import make_staff_user

    settings.GUOZHEN_WEBHOOK_DISABLE_AFTER = 0.3
    with Receiver(script=[500] * 1000) as receiver:
        hook = add_endpoint(receiver.url)
        healthy = Receiver().start()
        add_endpoint(healthy.url)
        services.publish_article(article=make_article(status="draft", hours_ago=None))
        run_tasks(until=lambda: not WebhookEndpoint.objects.get(pk=hook.pk).active, timeout=10)
        healthy.stop()
    hook.refresh_from_db()
    assert hook.disabled_at is not None and not hook.active
    assert len(healthy.accepted()) == 1  # the other endpoint is not affected
    count = len(receiver.requests)
    run_tasks()
    assert len(receiver.requests) == count  # nothing more goes to a switched-off endpoint

    client.force_login(make_staff_user("Editors"))
    page = client.get("/admin/").content.decode()
    assert "switched off after failing for a day" in page and receiver.url in page
    hook.active = True
    services.save_endpoint(endpoint=hook)
    assert WebhookEndpoint.objects.filter(pk=hook.pk, disabled_at=None, failing_since=None).exists()
    assert "switched off after failing" not in client.get("/admin/").content.decode()


def test_send_again_sends_the_same_webhook_id_with_a_fresh_window():
    with Receiver() as receiver:
        add_endpoint(receiver.url)
        services.publish_article(article=make_article(status="draft", hours_ago=None))
        run_tasks(until=settled)
        done = Delivery.objects.get()
        services.send_again(delivery=done)
        run_tasks(until=settled)
    first, again = receiver.requests
    assert first.headers["webhook-id"] == again.headers["webhook-id"]
    assert first.headers["webhook-signature"] and again.headers["webhook-timestamp"]
    assert Delivery.objects.get().attempts == 2 and DeliveryAttempt.objects.count() == 2


def test_a_rotated_secret_signs_with_both_secrets_for_a_day():
    from standardwebhooks.webhooks import Webhook

    with Receiver() as receiver:
        hook = add_endpoint(receiver.url)
        old = hook.secret
        services.rotate_secret(endpoint=hook)
        services.publish_article(article=make_article(status="draft", hours_ago=None))
        run_tasks(until=settled)
    (request,) = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    for secret in (old, hook.secret):
        Webhook(secret).verify(request.body, request.headers)  # raises if neither signature matches


def test_the_log_older_than_thirty_days_is_pruned():
    with Receiver() as receiver:
        add_endpoint(receiver.url)
        old_story, new_story = make_article(), make_article()
        services.unpublish_article(article=old_story)
        run_tasks(until=settled)
        long_ago = timezone.now() - timedelta(days=31)
        DeliveryAttempt.objects.update(at=long_ago)
        Delivery.objects.update(created_at=long_ago)
        OutboxEvent.objects.update(created_at=long_ago)
        services.unpublish_article(article=new_story)
        run_tasks(until=settled)  # a drain that delivered something prunes
    assert list(OutboxEvent.objects.values_list("story", flat=True)) == [new_story.pk]
    assert Delivery.objects.count() == 1 and DeliveryAttempt.objects.count() == 1
    assert outbox_delivery.prune() == 0


def test_the_tests_cannot_reach_beyond_127_0_0_1():
    import requests

    with pytest.raises(AssertionError, match="tried to connect"):
        requests.post("http://192.0.2.1/hook", timeout=1)  # TEST-NET-1: never routed anyway


def test_editors_are_told_by_mail_in_their_language_when_an_endpoint_is_switched_off(
    settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from articles.models import UserPreferences
    from articles.outbox import health
    from tests.factories import make_staff_user

    settings.GUOZHEN_WEBHOOK_DISABLE_AFTER = 60
    english = make_staff_user("Editors", "ed-en")
    chinese = make_staff_user("Editors", "ed-zh")
    translator = make_staff_user("Translators", "tr-zh")
    for user in (english, chinese, translator):
        user.email = f"{user.username}@example.com"
        user.save()
    prefs = UserPreferences.for_user(chinese)
    prefs.language = "zh-hans"
    prefs.save()
    hook = add_endpoint("http://127.0.0.1:9/failing")
    long_ago = timezone.now() - timedelta(hours=25)
    WebhookEndpoint.objects.filter(pk=hook.pk).update(failing_since=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert health.note_failure(hook.pk) is True  # failing for 25 hours: switched off now
    with django_capture_on_commit_callbacks(execute=True):
        assert health.note_failure(hook.pk) is False  # already off: no second round of mail
    run_tasks()
    assert not WebhookEndpoint.objects.get(pk=hook.pk).active
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"ed-en@example.com", "ed-zh@example.com"}  # editors only, once each
    assert "switched off" in by_address["ed-en@example.com"].subject
    assert "已停用" in by_address["ed-zh@example.com"].subject
    assert "http://127.0.0.1:9/failing" in by_address["ed-zh@example.com"].body
    assert hook.get_absolute_url() in by_address["ed-en@example.com"].body
    assert by_address["ed-en@example.com"].alternatives[0][1] == "text/html"
