"""The image inline of the story form, and admin thumbnails."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from articles.admin.translators import TranslatorImageInlineMixin
from articles.models import ArticleImage


def image_thumbnail(image: ArticleImage, width: int = 120):
    """Return an <img> for the admin, preferring the smallest rendition over the original."""
    if not image or not image.image:
        return "—"
    url = image.renditions.get("thumbnail") if image.renditions else None
    if not url:
        url = image.image.url
    return format_html('<img src="{}" alt="" width="{}" class="gz-thumb">', url, width)


class ArticleImageInline(TranslatorImageInlineMixin, TranslationStackedInline):
    model = ArticleImage
    extra = 0
    ordering = ("position", "pk")
    fields = ("thumbnail", "image", "position", "alt_text", "caption", "credit", "credit_url")
    readonly_fields = ("thumbnail",)

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return image_thumbnail(obj)
