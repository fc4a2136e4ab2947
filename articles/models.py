"""The bilingual story model: sections, translated tags, stories and their images.

Translated fields (registered in translation.py) are always read through the language-neutral
attribute (``article.title``) so that modeltranslation's fallback to English applies.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles import images as image_pipeline
from articles.rendering import render_markdown
from articles.translation_sources import TranslationSourceMixin
from articles.validators import CleanTextMixin, WebURLField


def ascii_slug(text: str, fallback: str = "item") -> str:
    """Return an ASCII slug for text, or the fallback when nothing ASCII is left (e.g. all CJK)."""
    return slugify(text)[:90].strip("-") or fallback


class Section(CleanTextMixin, models.Model):
    name = models.CharField(
        _("name"), max_length=80, help_text=_("Shown in the navigation and above each headline.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Part of the section's web address. Letters, digits and hyphens."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the site navigation; lower comes first.")
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "slug"]
        get_latest_by = "pk"
        constraints = [models.UniqueConstraint(fields=["slug"], name="articles_section_unique_slug")]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(CleanTextMixin, TagBase):
    """A tag with an English and a Chinese name and an ASCII slug.

    taggit's own Tag keeps ``unique=True`` on every translated name column, so two tags without a
    Chinese name would collide. Here the English name is unique (case-insensitively) and the Chinese
    name is unique only when it is filled in.
    """

    name = models.CharField(
        pgettext_lazy("A tag name", "name"),
        max_length=100,
        help_text=_("The tag as readers see it. Fill in both languages."),
    )
    slug = models.SlugField(
        pgettext_lazy("A tag slug", "slug"),
        max_length=100,
        help_text=_("Part of the tag page's address; made from the English name."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]
        get_latest_by = "pk"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="articles_tag_unique_slug"),
            models.UniqueConstraint(Lower("name_en"), name="articles_tag_unique_name_en"),
            models.UniqueConstraint(
                fields=["name_zh_hans"],
                condition=Q(name_zh_hans__gt=""),
                name="articles_tag_unique_name_zh_hans",
            ),
        ]

    def slugify(self, tag, i=None):
        slug = ascii_slug(self.name_en or tag, fallback="tag")
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("tagged story")
        verbose_name_plural = _("tagged stories")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="articles_taggedarticle_unique")
        ]


class _EnglishTagManager(_TaggableManager):
    """Look tags up by their English name whatever language is active.

    Without this, adding an existing English tag while Chinese is active makes taggit search the
    Chinese column (modeltranslation rewrites ``name``) and create a duplicate.
    """

    def _to_tag_model_instances(self, tags, tag_kwargs):
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return super()._to_tag_model_instances(tags, tag_kwargs)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the stories visible to readers: published, with a publish time that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Return published stories whose publish time is still in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def with_listing_data(self):
        """Fetch what a story card needs (section, tags, images) in a fixed number of queries."""
        # Images in their order within the story: ArticleImage's default ordering starts with
        # "article", which would join the story table just to sort by the story's own ordering.
        images = models.Prefetch("images", queryset=ArticleImage.objects.order_by("position", "pk"))
        return self.select_related("section").prefetch_related("tags", images)


class Article(CleanTextMixin, TranslationSourceMixin, models.Model):
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)
    # Chinese fields whose English source is fingerprinted on save (see translation_sources.py).
    translation_source_fields = ("title", "dek", "body", "why_it_matters")

    objects = ArticleQuerySet.as_manager()

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
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="articles_article_listing"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = ascii_slug(self.title_en or "", fallback="story")
        for lang in ("en", "zh_hans"):
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


def image_upload_to(instance, filename: str) -> str:
    """Store originals under the story's month; the name is replaced by the image pipeline."""
    return f"originals/{timezone.now():%Y/%m}/{filename}"


class ArticleImage(CleanTextMixin, TranslationSourceMixin, models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(
        _("image"),
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        max_length=255,
        help_text=_("JPEG, PNG, WebP, GIF or AVIF."),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order of the images; [image 1] in the body is the first.")
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("Describe the picture for readers who cannot see it."),
    )
    credit = models.CharField(
        _("image source"), max_length=200, help_text=_("Who made the picture, e.g. “blogs.nvidia.com”.")
    )
    credit_url = WebURLField(_("image source URL"), max_length=500, blank=True)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)
    translation_source_fields = ("caption", "alt_text")

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["article", "position", "pk"]
        get_latest_by = "pk"

    def __str__(self) -> str:
        return self.alt_text or self.image.name

    def save(self, *args, **kwargs):
        # A new upload is checked, cleaned of metadata and turned into renditions here, so every
        # path that stores a picture (admin, load_demo, imports) gets the same treatment, and no
        # reader request ever makes a rendition. Raises ValidationError for a refused file.
        with image_pipeline.preparing(self) as files_changed:
            if files_changed and kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "image", "width", "height", "renditions"}
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()

    @property
    def thumbnail(self) -> dict | None:
        """The smallest rendition ({url, width, height}) for admin lists and previews."""
        return image_pipeline.thumbnail(self)

    @property
    def share_url(self) -> str:
        """URL of the largest JPEG rendition, for og:image (make it absolute with the request)."""
        found = image_pipeline.share(self)
        return found["url"] if found else ""

    @property
    def share_size(self) -> tuple[int, int]:
        """(width, height) of the image behind share_url, for og:image:width and og:image:height."""
        found = image_pipeline.share(self)
        return (found["width"], found["height"]) if found else (0, 0)

    @property
    def alt_lang(self) -> str:
        """The language code of the alt text when it falls back to English on a Chinese page, else ""."""
        if not (translation.get_language() or "en").startswith("en") and not self.alt_text_zh_hans:
            return "en"
        return ""
