"""Sections and translated tags: what stories are filed under."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import _TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles.models import translation_state
from articles.models.constraint_messages import ConstraintMessagesMixin
from articles.models.loading import QuickLoadMixin
from articles.validators import CleanTextMixin


def ascii_slug(text: str, fallback: str = "item") -> str:
    """Return an ASCII slug for text, or the fallback when nothing ASCII is left (e.g. all CJK)."""
    return slugify(text)[:90].strip("-") or fallback


class SectionQuerySet(models.QuerySet):
    def with_published_stories(self):
        """Return the sections that hold at least one story readers can see."""
        stories = self.model._meta.get_field("articles").related_model
        return self.filter(pk__in=stories.objects.published().values("section_id"))

    def without_chinese_name(self):
        """Return the sections whose Chinese name is still empty."""
        return self.filter(translation_state.no_chinese_name())


class TagQuerySet(models.QuerySet):
    def with_published_stories(self):
        """Return the tags used by at least one story readers can see."""
        tagged = self.model._meta.get_field("tagged_articles").related_model
        stories = tagged._meta.get_field("content_object").related_model
        return self.filter(
            pk__in=tagged.objects.filter(content_object__in=stories.objects.published()).values("tag_id")
        )

    def without_chinese_name(self):
        """Return the tags whose Chinese name is still empty."""
        return self.filter(translation_state.no_chinese_name())

    def with_story_counts(self):
        """Return the tags used by a published story, each with ``story_count`` (one query)."""
        tagged = self.model._meta.get_field("tagged_articles").related_model
        stories = tagged._meta.get_field("content_object").related_model
        visible = models.Q(tagged_articles__content_object__in=stories.objects.published().values("pk"))
        return self.annotate(story_count=models.Count("tagged_articles", filter=visible)).filter(
            story_count__gt=0
        )


class Section(ConstraintMessagesMixin, CleanTextMixin, QuickLoadMixin, models.Model):
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

    objects = SectionQuerySet.as_manager()
    constraint_messages = {
        "articles_section_unique_slug": (
            "slug",
            _("Another section already uses this address. Choose another slug."),
        ),
    }

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


class Tag(ConstraintMessagesMixin, CleanTextMixin, QuickLoadMixin, TagBase):
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

    objects = TagQuerySet.as_manager()
    constraint_messages = {
        "articles_tag_unique_slug": (
            "slug",
            _("Another tag already uses this address. Choose another slug."),
        ),
        "articles_tag_unique_name_en": (
            "name_en",
            _("A tag with this English name already exists (capitals do not count). Use that tag."),
        ),
        "articles_tag_unique_name_zh_hans": (
            "name_zh_hans",
            _("A tag with this Chinese name already exists. Use that tag."),
        ),
    }

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


class TaggedArticle(ConstraintMessagesMixin, TaggedItemBase):
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="tagged_items")

    constraint_messages = {
        "articles_taggedarticle_unique": ("tag", _("The story already has this tag.")),
    }

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
