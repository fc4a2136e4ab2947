"""Admins for sections and tags: both languages side by side."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from articles.admin.slugs import SlugRedirectAdminMixin
from articles.admin.translator_names import TranslatorNameMixin
from articles.models import Section, Tag


@admin.register(Section)
class SectionAdmin(SlugRedirectAdminMixin, TranslatorNameMixin, TranslationAdmin):
    list_display = ("name_en", "name_zh_hans", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Tag)
class TagAdmin(SlugRedirectAdminMixin, TranslatorNameMixin, TranslationAdmin):
    list_display = ("name_en", "name_zh_hans", "slug", "story_count")
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(story_count=Count("tagged_articles"))

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, obj):
        return obj.story_count
