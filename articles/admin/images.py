"""The image inline of the story form, and admin thumbnails."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from articles.admin.shared_reads import HeldRowsFormSetMixin
from articles.admin.translators import TranslatorImageInlineMixin
from articles.images import ImageUploadField, discard_new_files_on_error, limits_help_text
from articles.models import ArticleImage

IMAGE_ORDER = ("position", "pk")


def image_thumbnail(image: ArticleImage, width: int = 120):
    """Return an <img> of the smallest rendition (the original only for rows made before renditions)."""
    found = image.thumbnail if image else None
    if not found or not found["url"]:
        return "—"
    height = round(width * found["height"] / found["width"]) if found["width"] else width
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" class="gz-thumb" loading="lazy" decoding="async">',
        found["url"],
        width,
        height,
    )


class ArticleImageForm(forms.ModelForm):
    class Meta:
        model = ArticleImage
        fields = ("image", "position", "alt_text", "caption", "credit", "credit_url")
        field_classes = {"image": ImageUploadField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # State the limits in force (they come from settings) instead of the model's generic text.
        self.fields["image"].help_text = limits_help_text()


class ArticleImageFormSet(HeldRowsFormSetMixin, forms.BaseInlineFormSet):
    def save(self, commit=True):
        # The story and its images are saved in one transaction; if a later image fails, the rows
        # roll back and this removes the files the earlier images already stored.
        with discard_new_files_on_error():
            return super().save(commit=commit)


class ArticleImageInline(TranslatorImageInlineMixin, TranslationStackedInline):
    model = ArticleImage
    form = ArticleImageForm
    formset = ArticleImageFormSet
    extra = 0
    ordering = IMAGE_ORDER  # the order the story admin prefetches them in, so the form can reuse them
    fields = ("thumbnail", "image", "position", "alt_text", "caption", "credit", "credit_url")
    readonly_fields = ("thumbnail",)

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return image_thumbnail(obj)
