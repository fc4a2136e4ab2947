"""The people behind a story: authors (with a photo, bio and links) and their credits on stories.

A credit is a byline ("By A and B") or a translator credit for the story's Chinese text, in the
order the editor gives. One table holds both roles, so a story page reads all of its credits, with
their authors, in one query.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles import images as image_pipeline
from articles.languages import AUTHOR_TEXT_FIELDS
from articles.models import translation_state
from articles.models.constraint_messages import ConstraintMessagesMixin
from articles.models.loading import QuickLoadMixin
from articles.models.stories import Article
from articles.models.taxonomy import ascii_slug
from articles.translations.sources import TranslationSourceMixin
from articles.validators import CleanTextMixin, validate_web_url


def author_photo_upload_to(instance, filename: str) -> str:
    """Store originals under authors/; the name is replaced by the image pipeline."""
    return f"originals/authors/{filename}"


def validate_links(value) -> None:
    """Links are a list of web addresses (http or https)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Enter a list of web addresses."), code="invalid")
    for item in value:
        validate_web_url(item)


class AuthorQuerySet(models.QuerySet):
    def with_published_stories(self):
        """Return the authors credited on at least one story readers can see."""
        return self.filter(credits__article__in=Article.objects.published()).distinct()

    def needs_translation(self):
        """Return the authors with a missing or outdated Chinese name, job title or bio."""
        return self.filter(
            translation_state.any_field(translation_state.missing, AUTHOR_TEXT_FIELDS)
            | translation_state.any_field(translation_state.outdated, AUTHOR_TEXT_FIELDS)
        )


class Author(ConstraintMessagesMixin, CleanTextMixin, TranslationSourceMixin, QuickLoadMixin, models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("As it appears in bylines."))
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_(
            "The author page's web address. Made from the English name; letters, digits and hyphens."
        ),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(_("bio"), max_length=1500, blank=True, help_text=_("A few sentences. Plain text."))
    image = models.ImageField(
        _("photo"),
        upload_to=author_photo_upload_to,
        width_field="width",
        height_field="height",
        max_length=255,
        blank=True,
        help_text=_("JPEG, PNG, WebP, GIF or AVIF; checked and resized like story images."),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    links = models.JSONField(
        _("links"),
        default=list,
        blank=True,
        validators=[validate_links],
        help_text=_("The author's own site and profiles, one address per line."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("Optional: the admin account of this person."),
    )
    translation_sources = models.JSONField(default=dict, blank=True, editable=False)
    translation_source_fields = AUTHOR_TEXT_FIELDS

    objects = AuthorQuerySet.as_manager()
    constraint_messages = {
        "articles_author_unique_slug": (
            "slug",
            _("Another person already uses this address. Choose another slug."),
        ),
    }

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["slug"]
        get_latest_by = "pk"
        constraints = [models.UniqueConstraint(fields=["slug"], name="articles_author_unique_slug")]

    def __str__(self) -> str:
        return self.name or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = ascii_slug(self.name_en or "", fallback="author")
        # The same checks, clean master and renditions as a story image (articles/images/).
        with image_pipeline.preparing(self) as files_changed:
            if files_changed and kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "image", "width", "height", "renditions"}
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def thumbnail(self) -> dict | None:
        """The smallest rendition ({url, width, height}) for admin lists and previews."""
        return image_pipeline.thumbnail(self) if self.image else None

    @property
    def alt_text(self) -> str:
        """The photo's alt text: the person's name (the picture pipeline reads ``alt_text``)."""
        return self.name

    @property
    def alt_lang(self) -> str:
        """``en`` when the name falls back to English on a Chinese page, else ""."""
        if not (translation.get_language() or "en").startswith("en") and not self.name_zh_hans:
            return "en"
        return ""


class Credit(ConstraintMessagesMixin, QuickLoadMixin, models.Model):
    class Role(models.TextChoices):
        BYLINE = "byline", _("Byline")
        TRANSLATOR = "translator", _("Translator")

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="credits"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="credits"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.BYLINE)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order of the names; lower comes first.")
    )

    constraint_messages = {
        "articles_credit_unique_author_role": (
            "author",
            _("This person is already credited in this role on this story."),
        ),
    }

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        ordering = ["article", "role", "position", "pk"]
        get_latest_by = "pk"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="articles_credit_unique_author_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url()
