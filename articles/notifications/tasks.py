"""The task that sends one notification, on the "mail" queue, retried with a growing delay.

The worker (``manage.py db_worker``) runs it outside any request. When the SMTP server refuses or
cannot be reached, the failure is logged and the same mail is enqueued again to run after a delay
(``GUOZHEN_MAIL_RETRY_SECONDS``, doubled each time) until ``GUOZHEN_MAIL_RETRIES`` tries are used;
the last failure is raised, so the task's result records it.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from articles.models import Article
from articles.notifications.events import OPT_OUT_FIELD, wants
from articles.notifications.messages import build_message

logger = logging.getLogger(__name__)

# What a mail server that is down, slow or refusing raises (smtplib's errors are OSErrors too).
SEND_ERRORS = (smtplib.SMTPException, OSError)


@task(queue_name="mail")
def send_notification(
    *, kind: str, article_id: int, recipient_id: int, fields: list, attempt: int = 1
) -> str:
    """Send one notification mail; return what happened ("sent", or why nothing was sent)."""
    if kind not in OPT_OUT_FIELD:
        return "unknown kind"
    article = Article.objects.select_related("section", "writer", "translator").filter(pk=article_id).first()
    recipient = get_user_model().objects.filter(pk=recipient_id).first()
    if article is None or recipient is None:
        return "gone"
    if not wants(recipient, kind):  # turned off, or left the newsroom, since the save
        return "opted out"
    message = build_message(kind=kind, article=article, recipient=recipient, fields=fields)
    try:
        message.send()
    except SEND_ERRORS as error:
        if attempt >= settings.GUOZHEN_MAIL_RETRIES:
            logger.error(
                "Giving up on %s mail to user %s after %s tries: %s", kind, recipient_id, attempt, error
            )
            raise
        delay = settings.GUOZHEN_MAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        logger.warning(
            "Could not send %s mail to user %s (try %s): %s; trying again in %s s",
            kind,
            recipient_id,
            attempt,
            error,
            delay,
        )
        send_notification.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            kind=kind, article_id=article_id, recipient_id=recipient_id, fields=fields, attempt=attempt + 1
        )
        return "retry scheduled"
    return "sent"
