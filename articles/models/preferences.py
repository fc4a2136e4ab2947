"""Each staff user's own settings: mail language and time zone, which mail they get, their iCal feed.

The calendar feed's token is stored only as a SHA-256, like a preview link's: the URL is shown
once, when it is made, and making a new one (or revoking it) stops the old one at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.constraint_messages import ConstraintMessagesMixin


class UserPreferences(ConstraintMessagesMixin, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guozhen_preferences"
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the mail you receive."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=settings.TIME_ZONE,
        help_text=_("Days and times in the planning calendar and in mail, e.g. Europe/Berlin."),
    )
    notify_review = models.BooleanField(
        _("a story waits for review"), default=True, help_text=_("Sent to editors.")
    )
    notify_outdated = models.BooleanField(
        _("the English of a story I translated changed"),
        default=True,
        help_text=_("Sent to the story's translator."),
    )
    notify_published = models.BooleanField(
        _("a story I wrote is published"), default=True, help_text=_("Sent to the story's writer.")
    )
    calendar_token_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    constraint_messages = {
        "articles_userpreferences_unique_calendar_token": (
            "calendar_token_hash",
            _("A calendar link like this exists already. Make a new one."),
        ),
    }

    class Meta:
        verbose_name = _("user settings")
        verbose_name_plural = _("user settings")
        ordering = ["user_id"]
        get_latest_by = "pk"
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_token_hash"],
                condition=~Q(calendar_token_hash=""),
                name="articles_userpreferences_unique_calendar_token",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("admin:articles_my_settings")

    @classmethod
    def for_user(cls, user) -> "UserPreferences":
        """Return the user's settings, unsaved defaults when they never saved any."""
        found = cls.objects.filter(user=user).first()
        return found or cls(user=user)
