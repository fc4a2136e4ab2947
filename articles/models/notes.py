"""Corrections, clarifications and updates attached to a story, each in both languages."""

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from articles.languages import NOTE_TEXT_FIELDS
from articles.models.loading import QuickLoadMixin
from articles.models.stories import Article
from articles.translations.sources import TranslationSourceMixin
from articles.validators import CleanTextMixin


class StoryNoteQuerySet(models.QuerySet):
    def published(self):
        """Return the notes readers can see: those on published stories, newest first."""
        return self.filter(article__in=Article.objects.published(), noted_at__lte=timezone.now())


class StoryNote(CleanTextMixin, TranslationSourceMixin, QuickLoadMixin, models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("note"),
        max_length=2000,
        help_text=_("What was wrong and what is right now, or what changed. Plain text."),
    )
    noted_at = models.DateTimeField(
        _("time"),
        default=timezone.now,
        help_text=_("Shown with the note; it also marks the story as updated."),
    )
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)
    translation_source_fields = NOTE_TEXT_FIELDS

    objects = StoryNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        ordering = ["-noted_at", "-pk"]
        get_latest_by = "noted_at"
        indexes = [models.Index(fields=["-noted_at", "-id"], name="articles_note_newest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {(self.text or '')[:60]}"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()

    @property
    def text_lang(self) -> str:
        """``en`` when the text falls back to English on a Chinese page, else ""."""
        if not (translation.get_language() or "en").startswith("en") and not self.text_zh_hans:
            return "en"
        return ""
