"""Mail to the editors when the outbox switches off a webhook endpoint (after 24 hours of failures).

The admin index says so too (``templatetags/webhook_admin.py``); the mail reaches editors who are
not looking at the admin. Sent by the "mail" queue after the switch-off commits, in each editor's
language, plain text plus HTML; a mail server that is down only delays it (the task is retried).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_tasks import task

from articles.models import UserPreferences, WebhookEndpoint
from articles.notifications.events import editors
from articles.notifications.tasks import SEND_ERRORS


def tell_editors_after_commit(endpoint_id: int) -> None:
    """Queue one mail per editor with an address, once the switch-off has committed."""

    def enqueue():
        for editor in editors().exclude(email=""):
            endpoint_switched_off.enqueue(endpoint_id=endpoint_id, recipient_id=editor.pk)

    transaction.on_commit(enqueue)


def build_message(*, endpoint: WebhookEndpoint, recipient) -> EmailMultiAlternatives:
    language = UserPreferences.for_user(recipient).language
    with translation.override(language):
        link = settings.GUOZHEN_SITE_URL + endpoint.get_absolute_url()
        subject = _("Guozhen switched off a webhook endpoint")
        text = _(
            "The webhook endpoint %(url)s failed for 24 hours without a single success, so it no "
            "longer receives events. Check the receiving server, then switch the endpoint on again: "
            "%(link)s"
        ) % {"url": endpoint.url, "link": link}
        html = format_html("<p>{}</p>", text)
    message = EmailMultiAlternatives(subject, text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    message.extra_headers["Content-Language"] = language
    return message


@task(queue_name="mail")
def endpoint_switched_off(*, endpoint_id: int, recipient_id: int, attempt: int = 1) -> str:
    """Send one editor the switch-off mail; retried with a growing delay while the server is down."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    recipient = get_user_model().objects.filter(pk=recipient_id, is_active=True).exclude(email="").first()
    if endpoint is None or recipient is None:
        return "gone"
    try:
        build_message(endpoint=endpoint, recipient=recipient).send()
    except SEND_ERRORS:
        if attempt >= settings.GUOZHEN_MAIL_RETRIES:
            raise
        delay = settings.GUOZHEN_MAIL_RETRY_SECONDS * 2 ** (attempt - 1)
        endpoint_switched_off.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            endpoint_id=endpoint_id, recipient_id=recipient_id, attempt=attempt + 1
        )
        return "retry scheduled"
    return "sent"
