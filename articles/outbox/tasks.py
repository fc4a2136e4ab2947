"""The django-tasks entry points, all on the "webhooks" queue (``manage.py db_worker``).

Each one only acts on rows: if a worker dies in the middle, the rows still say what is left, and
the task that was queued with the work (see ``wakeups``) picks it up.
"""

from django_tasks import task

from articles.outbox import delivery, indexnow, recording, websub

QUEUE = "webhooks"


@task(queue_name=QUEUE)
def drain_outbox() -> int:
    """Deliver the due webhook deliveries; return how many attempts were made."""
    return delivery.drain()


@task(queue_name=QUEUE)
def publish_when_due(article_id: int, published_at: str) -> bool:
    """At a scheduled story's publish time: record story.published if it is still due."""
    return recording.fire_scheduled(article_id=article_id, published_at=published_at) is not None


@task(queue_name=QUEUE)
def ping_websub(urls: list[str], attempt: int = 1) -> int | None:
    """Tell the WebSub hub that these feeds changed."""
    return websub.ping(urls, attempt)


@task(queue_name=QUEUE)
def submit_indexnow() -> int | None:
    """Send the waiting page URLs to IndexNow, if the interval allows."""
    return indexnow.submit()
