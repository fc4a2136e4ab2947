"""Real ``db_worker`` processes: killed mid-batch, racing on PostgreSQL, and firing a scheduled publish."""

import os
import shutil
import time
from collections import Counter

import pytest

from tests.harness.servers import create_database, drop_database, manage, reachable
from tests.outbox.processes import SEED, Worker, run_python, site_env, wait_for
from tests.outbox.receiver import Receiver

pytestmark = pytest.mark.slow
POSTGRES = os.environ.get("GUOZHEN_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")

EVENTS = """
from articles.models import OutboxEvent
print(json.dumps({"secret": hook.secret, "events": [
    [e.webhook_id, e.story_id] for e in OutboxEvent.objects.order_by("pk")]}))
"""
STATE = """
import json
from django_tasks_db.models import DBTaskResult
from articles.models import Delivery
print(json.dumps({
    "states": sorted(set(Delivery.objects.values_list("state", flat=True))),
    "running": DBTaskResult.objects.filter(status="RUNNING").count(),
    "drained_by": sorted({r.worker_ids[-1] for r in DBTaskResult.objects.filter(
        task_path="articles.outbox.tasks.drain_outbox", status="SUCCESSFUL") if r.return_value}),
}))
"""


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outbox-template")
    manage(site_env(folder), "migrate", "--noinput", "-v", "0")
    return folder / "db.sqlite3"


@pytest.fixture
def site(tmp_path, migrated_sqlite):
    shutil.copy(migrated_sqlite, tmp_path / "db.sqlite3")
    return site_env(tmp_path)


def ids_of(requests):
    return [r.headers["webhook-id"] for r in requests]


def assert_in_order_per_story(received_ids, events):
    first_seen = {}
    for position, webhook_id in enumerate(received_ids):
        first_seen.setdefault(webhook_id, position)
    for story in {story for _, story in events}:
        story_ids = [webhook_id for webhook_id, owner in events if owner == story]
        assert sorted(story_ids, key=first_seen.__getitem__) == story_ids


def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing(site, tmp_path):
    receiver = Receiver(delay=0.3).start()  # each answer takes 0.3 s: time to kill mid-request
    seeded = run_python(
        site,
        SEED.format(url=receiver.url) + "publish_and_unpublish(4)\n" + EVENTS,
    )
    receiver.secret = seeded["secret"]
    events = seeded["events"]
    first = Worker(site, tmp_path / "first.log", "first").start()
    second = Worker(site, tmp_path / "second.log", "second")
    try:
        wait_for(lambda: len(receiver.requests) >= 3, timeout=60, what="the first deliveries")
        time.sleep(0.1)  # the third request is being answered now
        first.kill()
        in_flight = receiver.requests[-1].headers["webhook-id"]
        assert len(receiver.requests) < len(events)  # killed with work left
        second.start()
        expected = {webhook_id for webhook_id, _ in events}
        wait_for(lambda: set(ids_of(receiver.accepted())) >= expected, timeout=60, what="every event")
        time.sleep(0.5)  # nothing more should come
    finally:
        first.stop()
        second.stop()
        receiver.stop()

    received = ids_of(receiver.accepted())
    assert set(received) == {webhook_id for webhook_id, _ in events}
    repeats = {webhook_id for webhook_id, count in Counter(received).items() if count > 1}
    assert repeats == {in_flight}  # only the request cut off by the kill was sent again (same id)
    assert all(r.verified for r in receiver.requests)
    assert_in_order_per_story(received, events)
    state = run_python(site, STATE)
    assert state["states"] == ["delivered"]
    assert state["running"] <= 1  # db_worker leaves the killed task marked running; the outbox does not care


def test_a_story_scheduled_five_seconds_ahead_fires_published_when_due_without_a_request(site, tmp_path):
    receiver = Receiver().start()
    worker = Worker(site, tmp_path / "worker.log", "scheduler").start()
    try:
        seeded = run_python(
            site,
            SEED.format(url=receiver.url)
            + "from datetime import timedelta\n"
            + "due = timezone.now() + timedelta(seconds=5)\n"
            + "services.publish_article(article=story(1), at=due)\n"
            + "print(json.dumps({'due': due.timestamp(), 'secret': hook.secret}))\n",
        )
        receiver.secret = seeded["secret"]
        wait_for(lambda: receiver.accepted(), timeout=30, what="story.published")
        time.sleep(1)
    finally:
        worker.stop()
        receiver.stop()
    (delivered,) = receiver.requests
    assert delivered.verified
    assert delivered.json()["type"] == "story.published"
    assert delivered.json()["data"]["story"]["slug"] == "story-1"
    assert seeded["due"] <= delivered.wall <= seeded["due"] + 3


def test_two_workers_on_postgresql_deliver_each_event_once(tmp_path):
    host_port = POSTGRES.split("@")[-1].split("/")[0]
    host, _, port = host_port.partition(":")
    if not reachable(host or "127.0.0.1", int(port or 5432)):
        pytest.skip("PostgreSQL is unreachable")
    name = f"hooks_workers_{os.getpid()}"
    env = site_env(tmp_path, DATABASE_URL=create_database(POSTGRES, name))
    receiver = Receiver(delay=0.05).start()
    workers = [Worker(env, tmp_path / f"w{n}.log", f"worker-{n}") for n in (1, 2)]
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        seeded = run_python(
            env,
            SEED.format(url=receiver.url)
            + "publish_and_unpublish(10)\n"
            + "from articles.outbox.tasks import drain_outbox\n"
            + "for _ in range(3):\n    drain_outbox.enqueue()\n"  # several drains at once, as busy sites have
            + EVENTS,
        )
        receiver.secret = seeded["secret"]
        events = seeded["events"]
        for worker in workers:
            worker.start()
        expected = {webhook_id for webhook_id, _ in events}
        wait_for(lambda: set(ids_of(receiver.accepted())) >= expected, timeout=90, what="every event")
        time.sleep(1)
        state = run_python(env, STATE)
    finally:
        for worker in workers:
            worker.stop()
        receiver.stop()
        drop_database(POSTGRES, name)
    received = ids_of(receiver.requests)
    assert len(events) == 20
    assert sorted(received) == sorted(expected)  # each event exactly once
    assert_in_order_per_story(received, events)
    assert state["states"] == ["delivered"]
    assert state["drained_by"] == ["worker-1", "worker-2"]  # both workers did deliver
