"""One notification mail, in the recipient's language and time zone: plain text plus HTML."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.models import Article, UserPreferences
from articles.notifications.events import OUTDATED_ENGLISH, PUBLISHED, REVIEW
from articles.translations.status import field_label, image_field_label


def field_names(keys: list[str]) -> list[str]:
    """The labels of translation keys ("title", "image 2 caption") in the active language."""
    labels = []
    for key in keys:
        if key.startswith("image "):
            _image, number, name = key.split(" ", 2)
            labels.append(image_field_label(int(number), name))
        else:
            labels.append(str(field_label(key)))
    return labels


def _subject(kind: str, article: Article) -> str:
    if kind == REVIEW:
        return _("Waiting for review: %(title)s") % {"title": article.title}
    if kind == OUTDATED_ENGLISH:
        return _("The English of “%(title)s” changed") % {"title": article.title}
    if article.is_scheduled():
        return _("Scheduled: %(title)s") % {"title": article.title}
    return _("Published: %(title)s") % {"title": article.title}


def build_message(*, kind: str, article: Article, recipient, fields: list[str]) -> EmailMultiAlternatives:
    """Return the mail for ``recipient`` about ``article`` (``fields``: the keys that went outdated)."""
    preferences = UserPreferences.for_user(recipient)
    site = settings.GUOZHEN_SITE_URL
    with translation.override(preferences.language), timezone.override(ZoneInfo(preferences.time_zone)):
        context = {
            "kind": kind,
            "article": article,
            "recipient": recipient,
            "name": recipient.get_full_name() or recipient.get_username(),
            "edit_url": site + reverse("admin:articles_article_change", args=[article.pk]),
            "public_url": site + article.get_absolute_url() if kind == PUBLISHED else "",
            "settings_url": site + reverse("admin:articles_my_settings"),
            "fields": field_names(fields),
            "scheduled": article.is_scheduled(),
            "language": preferences.language,
        }
        subject = _subject(kind, article)
        text = render_to_string("notifications/story_mail.txt", context)
        html = render_to_string("notifications/story_mail.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email]
    )
    message.attach_alternative(html, "text/html")
    message.extra_headers["Content-Language"] = preferences.language
    return message
