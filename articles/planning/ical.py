"""The private iCal feed: a staff user's planned and scheduled stories, for their calendar app.

A writer or translator gets the stories they write or translate; an editor (or superuser) gets
every story planned or scheduled as well. Planned stories are all-day events on their planned
date, scheduled and published ones are timed at their publish time. The URL carries a token whose
SHA-256 is kept on the user's settings (``UserPreferences``): a wrong or revoked token is a 404.
"""

import hashlib
from datetime import UTC, timedelta

import icalendar
from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles.models import Article, UserPreferences
from articles.planning.calendar import KIND_LABELS, PLANNED, kind_of
from articles.roles import EDITORS
from articles.translations.status import article_status

# Published stories stay in the feed this long after their publish time.
KEEP_PUBLISHED = timedelta(days=14)
FEED_LIMIT = 500


def is_editor(user) -> bool:
    return user.is_superuser or user.groups.filter(name=EDITORS).exists()


def feed_stories(user):
    """Return the stories in ``user``'s feed (see the module docstring), soonest first."""
    recent = timezone.now() - KEEP_PUBLISHED
    mine = Article.objects.assigned_to(user).filter(
        Q(planned_for__isnull=False) | Q(status=Article.Status.PUBLISHED, published_at__gte=recent)
    )
    stories = (mine | Article.objects.planned_or_scheduled()) if is_editor(user) else mine
    stories = stories.exclude(status=Article.Status.ARCHIVED).distinct()
    return stories.select_related("section", "writer", "translator").prefetch_related("images")


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def _event(article: Article) -> icalendar.Event:
    kind = kind_of(article)
    event = icalendar.Event()
    host = settings.GUOZHEN_SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    event.add("uid", f"story-{article.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("summary", f"{KIND_LABELS[kind]}: {article.title}")
    if kind == PLANNED:
        event.add("dtstart", article.planned_for)
        event.add("dtend", article.planned_for + timedelta(days=1))
    else:
        # In UTC ("Z"): valid without a VTIMEZONE block, and every calendar app shows it locally.
        start = article.published_at.astimezone(UTC).replace(microsecond=0)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=30))
    url = settings.GUOZHEN_SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    event.add("url", url)
    event.add(
        "description",
        "\n".join(
            [
                _("Status: %(status)s") % {"status": article.get_status_display()},
                _("Chinese: %(state)s") % {"state": article_status(article).state_label},
                _("Section: %(section)s") % {"section": article.section.name},
                _("Writer: %(name)s") % {"name": _who(article.writer)},
                _("Translator: %(name)s") % {"name": _who(article.translator)},
                url,
            ]
        ),
    )
    return event


def feed_for(user, preferences: UserPreferences) -> bytes:
    """Return the iCal document of ``user``'s feed, in their language and time zone."""
    with translation.override(preferences.language):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Guozhen//Planning//EN")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", _("Guozhen stories: %(name)s") % {"name": _who(user)})
        cal.add("x-wr-timezone", preferences.time_zone)
        for article in feed_stories(user).order_by("planned_for", "published_at", "pk")[:FEED_LIMIT]:
            cal.add_component(_event(article))
        return cal.to_ical()


@require_safe
def calendar_feed(request, token: str):
    """The feed behind a calendar token; a wrong or revoked token gets a 404."""
    if not token or len(token) > 100:
        raise Http404
    digest = hashlib.sha256(token.encode()).hexdigest()
    preferences = UserPreferences.objects.filter(calendar_token_hash=digest).select_related("user").first()
    if preferences is None or not preferences.user.is_active or not preferences.user.is_staff:
        raise Http404
    response = HttpResponse(
        feed_for(preferences.user, preferences), content_type="text/calendar; charset=utf-8"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
