"""Staff members' own settings: the language the admin speaks to them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.languages import CODES, NATIVE_NAMES
from articles.models.constraint_messages import ConstraintMessagesMixin


class StaffPreferenceQuerySet(models.QuerySet):
    def language_of(self, user) -> str | None:
        """Return the admin language ``user`` chose, or None if they never chose one."""
        if not getattr(user, "is_authenticated", False):
            return None
        return self.filter(user_id=user.pk).values_list("language", flat=True).first()


class StaffPreference(ConstraintMessagesMixin, models.Model):
    """One staff member's choices; the admin follows ``language`` whatever the browser asks for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_preference",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("admin language"),
        max_length=10,
        choices=[(code, NATIVE_NAMES[code]) for code in CODES],
        help_text=_("The language of the admin for this person, whatever their browser asks for."),
    )

    objects = StaffPreferenceQuerySet.as_manager()
    constraint_messages = {
        "articles_staffpreference_known_language": ("language", _("Choose English or Chinese.")),
    }

    class Meta:
        verbose_name = _("staff preference")
        verbose_name_plural = _("staff preferences")
        ordering = ["user_id"]
        get_latest_by = "pk"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=CODES), name="articles_staffpreference_known_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_language_display()}"

    def get_absolute_url(self) -> str:
        return reverse("admin:index")
