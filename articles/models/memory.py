"""The translation memory's rows: aligned English / Chinese segments of done translations."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TranslationSegment(models.Model):
    """One English segment (a paragraph or a sentence) and the Chinese it was translated as.

    Rows are derived data, rebuilt for a story whenever its Chinese is saved
    (``articles.translations.memory.refresh_story``); only fields whose translation is done have rows.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="memory_segments", verbose_name=_("story")
    )
    field = models.CharField(_("field"), max_length=40)
    source = models.TextField(_("English segment"))
    target = models.TextField(_("Chinese segment"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("memory segment")
        verbose_name_plural = _("memory segments")
        ordering = ["article_id", "field", "pk"]
        get_latest_by = "updated_at"

    def __str__(self) -> str:
        return self.source[:60]

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_article_change", args=[self.article_id])
