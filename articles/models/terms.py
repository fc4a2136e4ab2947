"""The termbase: agreed Chinese renderings of English terms (read by ``articles.translations.termbase``)."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models.constraint_messages import ConstraintMessagesMixin


class TermPairQuerySet(models.QuerySet):
    def as_pairs(self) -> list[tuple[str, str, bool]]:
        """Return every pair as (english, chinese, keep_as_is)."""
        return list(self.values_list("english", "chinese", "keep_as_is"))


class TermPair(ConstraintMessagesMixin, models.Model):
    """One English term and the Chinese every translation should use for it."""

    english = models.CharField(
        _("English term"),
        max_length=200,
        help_text=_("Matched as whole words, in any case; “data center” also finds “data centers”."),
    )
    chinese = models.CharField(
        _("Chinese term"),
        max_length=200,
        blank=True,
        help_text=_("The agreed Chinese. Leave empty when the term is kept as it is."),
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("Usage advice for translators.")
    )
    keep_as_is = models.BooleanField(
        _("keep as is"),
        default=False,
        help_text=_("A name that stays in Latin script in Chinese text (e.g. a product name)."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TermPairQuerySet.as_manager()

    constraint_messages = {
        "articles_termpair_unique_english": (
            "english",
            _("This English term is in the termbase already."),
        ),
        "articles_termpair_chinese_or_kept": (
            "chinese",
            _("Give the agreed Chinese, or tick “keep as is”."),
        ),
    }

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("termbase")
        ordering = ["english"]
        get_latest_by = "updated_at"
        constraints = [
            models.UniqueConstraint(Lower("english"), name="articles_termpair_unique_english"),
            models.CheckConstraint(
                condition=models.Q(keep_as_is=True) | ~models.Q(chinese=""),
                name="articles_termpair_chinese_or_kept",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.english} → {self.rendering}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_termpair_change", args=[self.pk])

    @property
    def rendering(self) -> str:
        """Return the text a Chinese translation must contain for this term."""
        return self.english if self.keep_as_is else self.chinese
