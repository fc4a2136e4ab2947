"""Keep a task on the queue while work remains, without piling up copies of it.

The outbox rows say what is left to do; a task only drains them. So the rule is simple: whenever
work could become due at time T (a new event, a retry, a claim that might be abandoned by a killed
worker), make sure some ready task of that kind will run by T. The check reads django-tasks-db's
own table; on another backend it just enqueues (a spare task finds nothing and ends).
"""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone


def _queued_by(task_path: str, when: datetime) -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another task backend
        return False
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import get_date_max

    soon = Q(run_after__lte=when) | Q(run_after=get_date_max())  # the latter means "as soon as possible"
    return DBTaskResult.objects.filter(soon, task_path=task_path, status=TaskResultStatus.READY).exists()


def ensure(task, when: datetime | None = None, *args) -> None:
    """Enqueue ``task`` to run at ``when`` (now if None) unless a ready copy will run by then.

    Called inside the caller's transaction: with the database backend, the task row commits (or
    rolls back) together with the change that made the work.
    """
    when = when or timezone.now()
    if _queued_by(task.module_path, when):
        return
    task.using(run_after=when).enqueue(*args)
