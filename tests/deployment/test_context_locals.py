"""config/context_locals.py: the fast Locals behave as asgiref's across threads, tasks and bridges."""

import asyncio
import threading

import pytest
from asgiref.local import Local
from asgiref.sync import async_to_sync, sync_to_async
from django.db import connections
from django.test import Client
from django.urls import base as urls_base
from django.utils import timezone
from django.utils.translation import trans_real

from config.context_locals import context_local, thread_critical_local


def test_django_s_locals_are_the_fast_ones():
    for local in (trans_real._active, timezone._active, urls_base._prefixes, urls_base._urlconfs):
        assert type(local).__name__ == "ContextLocal"
    assert type(connections._connections).__name__ == "ThreadCriticalLocal"
    # (The caches' Local is swapped too, but a test that overrides CACHES gets a new asgiref Local
    # from Django's setting_changed receiver: correct, only slower.)


def scenario(local) -> list:
    """What a Local shows across threads, tasks and asgiref's bridges, as a list of observations."""
    seen = []
    local.value = "main"
    seen.append(local.value)

    def in_thread():
        seen.append(getattr(local, "value", "unset"))
        local.value = "thread"
        seen.append(local.value)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    seen.append(local.value)

    async def task(name):
        before = getattr(local, "value", "unset")
        local.value = name
        await asyncio.sleep(0)
        return before, local.value

    async def two_tasks():
        local.value = "loop"
        results = await asyncio.gather(task("a"), task("b"))
        return results, local.value

    seen.append(async_to_sync(two_tasks)())
    seen.append(getattr(local, "value", "unset"))

    def sync_side():
        seen.append(("sync side sees", getattr(local, "value", "unset")))
        local.value = "set in sync_to_async"

    async def async_side():
        local.value = "async"
        await sync_to_async(sync_side)()
        return getattr(local, "value", "unset")

    seen.append(async_to_sync(async_side)())
    seen.append(getattr(local, "value", "unset"))
    del local.value
    seen.append(getattr(local, "value", "unset"))
    with pytest.raises(AttributeError):
        del local.value
    return seen


def in_a_fresh_thread(function, *args):
    """Run the scenario in a thread of its own: one with no event loop, whatever ran before it."""
    result = []
    thread = threading.Thread(target=lambda: result.append(function(*args)))
    thread.start()
    thread.join()
    assert result, "the scenario failed in its thread"
    return result[0]


def test_context_local_behaves_as_asgiref_local():
    assert in_a_fresh_thread(scenario, context_local("test")) == in_a_fresh_thread(scenario, Local())


def test_thread_critical_local_behaves_as_asgiref_local():
    ours = in_a_fresh_thread(scenario, thread_critical_local("test"))
    assert ours == in_a_fresh_thread(scenario, Local(thread_critical=True))


def test_a_missing_attribute_is_an_attribute_error():
    local = context_local("test")
    assert getattr(local, "nothing", None) is None
    assert not hasattr(local, "nothing")
    with pytest.raises(AttributeError, match="nothing"):
        local.nothing  # noqa: B018


@pytest.mark.django_db
def test_concurrent_requests_keep_their_own_language():
    """Two threads serving English and Chinese pages at once never see the other's language."""
    failures = []

    def read(language, marker):
        client = Client()
        for _ in range(15):
            body = client.get(f"/{language}/").content.decode()
            if f'<html lang="{language}"' not in body or marker not in body:
                failures.append(language)

    threads = [
        threading.Thread(target=read, args=("en", "Search stories")),
        threading.Thread(target=read, args=("zh-hans", "搜索")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
