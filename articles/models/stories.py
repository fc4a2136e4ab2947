"""The story (model ``Article``): its text in both languages, status, publish time and reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from articles.languages import STORY_TEXT_FIELDS, SUFFIXES
from articles.models.constraint_messages import ConstraintMessagesMixin
from articles.models.loading import QuickLoadMixin, related
from articles.models.story_queries import ArticleQuerySet
from articles.models.taxonomy import Section, TaggedArticle, _EnglishTagManager, ascii_slug
from articles.rendering import render_markdown
from articles.translations.sources import TranslationSourceMixin
from articles.validators import CleanTextMixin, WebURLField, validate_web_url, web_url_constraint


class Article(ConstraintMessagesMixin, CleanTextMixin, TranslationSourceMixin, QuickLoadMixin, models.Model):
    class StoryType(models.TextChoices):
        NEWS = "news", pgettext_lazy("story type", "News")
        ANALYSIS = "analysis", pgettext_lazy("story type", "Analysis")
        OPINION = "opinion", pgettext_lazy("story type", "Opinion")
        EXPLAINER = "explainer", pgettext_lazy("story type", "Explainer")
        SPONSORED = "sponsored", pgettext_lazy("story type", "Sponsored")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("headline"), max_length=200, help_text=_("The story's headline."))
    dek = models.TextField(
        _("dek"),
        max_length=600,
        help_text=_("One or two sentences under the headline that sum up the story."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown. Cite your sources with links. To place an image, put [image 1] on a line of its "
            "own: the number is the image's place in the Images list below (1 is the first). Images you "
            "do not place appear after the body."
        ),
    )
    why_it_matters = models.TextField(
        _("why it matters"), blank=True, help_text=_("Shown in a box after the story. Plain text.")
    )
    body_html = models.TextField(editable=False, default="")

    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The story's web address. Made from the English headline; keep it once published."),
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        through=TaggedArticle,
        manager=_EnglishTagManager,
        blank=True,
        help_text=_("Type to find a tag. Use + to create one."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("A published story with a time in the future is scheduled: it appears by itself then."),
    )
    source_name = models.CharField(
        _("source name"), max_length=200, blank=True, help_text=_("The original report, e.g. “NVIDIA Blog”.")
    )
    source_url = WebURLField(
        _("source URL"), max_length=500, blank=True, help_text=_("Link to the original report.")
    )
    story_type = models.CharField(
        _("type of story"),
        max_length=16,
        choices=StoryType.choices,
        default=StoryType.NEWS,
        help_text=_("Every type but news is labelled above the headline and on cards."),
    )
    substantive_update_at = models.DateTimeField(
        _("substantive update"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the story last changed in substance: a note, or a save marked as an update."),
    )
    planned_for = models.DateField(
        _("planned date"),
        null=True,
        blank=True,
        help_text=_("The day the story is meant to run. Only for planning: it publishes nothing."),
    )
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("writer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories_written",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text=_("Who writes the story. They are told by mail when it is published."),
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories_translated",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text=_("Who translates it. They are told by mail when its English changes."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)
    # Chinese fields whose English source is fingerprinted on save (see translation_sources.py).
    translation_source_fields = STORY_TEXT_FIELDS

    objects = ArticleQuerySet.as_manager()
    constraint_messages = {
        "articles_article_unique_slug": (
            "slug",
            _("Another story already uses this address. Choose another slug."),
        ),
        "articles_article_published_has_time": (
            "published_at",
            _("A published story needs a publish time."),
        ),
        "articles_article_source_url_web": ("source_url", validate_web_url.message),
    }

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="articles_article_unique_slug"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="articles_article_published_has_time",
            ),
            web_url_constraint("source_url", name="articles_article_source_url_web"),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="articles_article_listing"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = ascii_slug(self.title_en or "", fallback="story")
        for lang in SUFFIXES:
            setattr(self, f"body_html_{lang}", render_markdown(getattr(self, f"body_{lang}") or ""))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html_en", "body_html_zh_hans"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def is_published(self) -> bool:
        """Return True if the story is visible to readers (agrees with ``objects.published()``)."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self) -> bool:
        """Return True if the story is published with a publish time still to come."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def modified_at(self):
        """The time readers and search engines see as "updated": the substantive update time.

        A typo fix, a tag change or a translator's save leave it alone; a note or a save the
        editor marks as a substantive update moves it. Without one it is the publish time.
        """
        if self.substantive_update_at and (
            self.published_at is None or self.substantive_update_at > self.published_at
        ):
            return self.substantive_update_at
        return self.published_at

    def is_updated(self) -> bool:
        """Return True if the story changed in substance after it was published."""
        return bool(
            self.published_at
            and self.substantive_update_at
            and self.substantive_update_at > self.published_at
        )

    def _credited(self, role: str) -> list:
        # Reads the prefetched credits (one query for the page); sorted here by position.
        credits = [credit for credit in related(self, "credits") if credit.role == role]
        return [credit.author for credit in sorted(credits, key=lambda c: (c.position, c.pk))]

    def bylines(self) -> list:
        """The story's authors, in byline order."""
        return self._credited("byline")

    def translators(self) -> list:
        """The people credited for the story's Chinese text, in order."""
        return self._credited("translator")
