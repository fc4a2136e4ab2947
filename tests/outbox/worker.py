"""Run queued tasks in the test's own process and database with django-tasks-db's real Worker.

``db_worker`` itself cannot run inside a test: it closes "old" connections between tasks, which
would break the test's transaction. This loop claims tasks as it does (ready, locked, claimed) and
runs each with the same ``Worker.run_task``, sleeping until the next one is due.
"""

import time

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def _worker() -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def run_tasks(until=None, *, timeout: float = 20.0) -> int:
    """Run the ready tasks; with ``until``, keep running them as they fall due until it is true."""
    worker = _worker()
    deadline = time.monotonic() + timeout
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().get_locked()
            if result is not None:
                result.claim(worker.worker_id)
        if result is not None:
            worker.run_task(result)
            ran += 1
            continue
        if until is None or until():
            break
        if time.monotonic() > deadline:
            raise AssertionError("the tasks did not get there in time")
        time.sleep(0.02)
    failed = list(DBTaskResult.objects.failed().values_list("task_path", "traceback"))
    assert not failed, failed
    return ran
