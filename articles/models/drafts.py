"""What an editor has open but not saved: autosaved drafts and who has a story open (presence).

Neither is ever read by the reader, and neither is a revision: an autosave is one row per user and
story, overwritten every time, and deleted when that user saves the story or discards it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.constraint_messages import ConstraintMessagesMixin

PRESENCE_WINDOW = timedelta(minutes=2)


class AutosaveDraft(ConstraintMessagesMixin, models.Model):
    """The text of one user's unsaved story form, field name -> value."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="autosaves")
    fields = models.JSONField(_("autosaved fields"), default=dict)
    saved_at = models.DateTimeField(_("autosaved"), auto_now=True)

    constraint_messages = {
        "articles_autosavedraft_one_per_user": ("user", _("You already have an autosave of this story.")),
    }

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        ordering = ["-saved_at"]
        get_latest_by = "saved_at"
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="articles_autosavedraft_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.article_id} @ {self.saved_at:%Y-%m-%d %H:%M}"


class PresenceQuerySet(models.QuerySet):
    def on_story_for(self, article_id: int, user):
        """Who else had the story open in the last two minutes, and the user's own row (however old).

        Earliest first; one query serves both the names on the form and the user's own update.
        """
        since = timezone.now() - PRESENCE_WINDOW
        return (
            self.filter(article_id=article_id)
            .filter(models.Q(seen_at__gte=since) | models.Q(user=user))
            .select_related("user")
            .order_by("opened_at")
        )


class EditingPresence(ConstraintMessagesMixin, models.Model):
    """One user has a story's form open: since when, and when their page last said so."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="presences")
    opened_at = models.DateTimeField(_("opened at"))
    seen_at = models.DateTimeField(_("last seen"))

    objects = PresenceQuerySet.as_manager()
    constraint_messages = {
        "articles_editingpresence_one_per_user": ("user", _("You already have this story open.")),
    }

    class Meta:
        verbose_name = _("story open in the editor")
        verbose_name_plural = _("stories open in the editor")
        ordering = ["-seen_at"]
        get_latest_by = "seen_at"
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="articles_editingpresence_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.article_id} since {self.opened_at:%H:%M}"
