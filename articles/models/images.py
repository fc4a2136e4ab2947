"""A story's images: the uploaded master, its renditions and its bilingual caption and alt text."""

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from articles import images as image_pipeline
from articles.languages import IMAGE_TEXT_FIELDS
from articles.models.constraint_messages import ConstraintMessagesMixin
from articles.models.loading import QuickLoadMixin
from articles.models.stories import Article
from articles.translations.sources import TranslationSourceMixin
from articles.validators import CleanTextMixin, WebURLField, validate_web_url, web_url_constraint


def image_upload_to(instance, filename: str) -> str:
    """Store originals under the story's month; the name is replaced by the image pipeline."""
    return f"originals/{timezone.now():%Y/%m}/{filename}"


class ArticleImageQuerySet(models.QuerySet):
    def lead_images(self, article_ids, *, fields) -> dict:
        """Return {story id: its first image by position} for the given stories (one query).

        Unordered in SQL: sorting a page's few images in Python is cheaper than compiling an
        ORDER BY, and ``fields`` keeps the rows to what a card's picture reads.
        """
        leads: dict = {}
        images = self.filter(article__in=list(article_ids)).only(*fields).order_by()
        for image in sorted(images, key=lambda image: (image.position, image.pk)):
            leads.setdefault(image.article_id, image)
        return leads


class ArticleImage(
    ConstraintMessagesMixin, CleanTextMixin, TranslationSourceMixin, QuickLoadMixin, models.Model
):
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
    translation_source_fields = IMAGE_TEXT_FIELDS

    objects = ArticleImageQuerySet.as_manager()
    constraint_messages = {"articles_articleimage_credit_url_web": ("credit_url", validate_web_url.message)}

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["article", "position", "pk"]
        get_latest_by = "pk"
        constraints = [web_url_constraint("credit_url", name="articles_articleimage_credit_url_web")]

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
