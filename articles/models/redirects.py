"""Old slugs of stories, sections and tags, so links to an address a page once had keep working.

A row says: this ``kind`` of page once answered at ``old_slug``, and is now ``target_id``. The reader
looks here only after a slug found no page (a 404), so published pages cost no extra query. A
slug taken by another page of the same kind wins over the redirect: taking it deletes the row
(see ``articles.services.slugs``), which also means an old slug never points at its own page.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models.constraint_messages import ConstraintMessagesMixin


class SlugHistoryQuerySet(models.QuerySet):
    def target_of(self, kind: str, slug: str):
        """Return the pk of the page of ``kind`` that once answered at ``slug``, or None."""
        return self.filter(kind=kind, old_slug=slug).values_list("target_id", flat=True).first()


class SlugHistory(ConstraintMessagesMixin, models.Model):
    class Kind(models.TextChoices):
        STORY = "story", pgettext_lazy("kind of page", "story")
        SECTION = "section", pgettext_lazy("kind of page", "section")
        TAG = "tag", pgettext_lazy("kind of page", "tag")

    kind = models.CharField(_("kind of page"), max_length=16, choices=Kind.choices)
    old_slug = models.SlugField(_("old slug"), max_length=100)
    target_id = models.PositiveBigIntegerField(_("page id"))
    changed_at = models.DateTimeField(_("slug changed"), auto_now=True)

    objects = SlugHistoryQuerySet.as_manager()
    constraint_messages = {
        "articles_slughistory_unique_old_slug": ("old_slug", _("This old address is already recorded.")),
    }

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["kind", "old_slug"]
        get_latest_by = "changed_at"
        constraints = [
            models.UniqueConstraint(fields=["kind", "old_slug"], name="articles_slughistory_unique_old_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.old_slug} → {self.target_id}"
