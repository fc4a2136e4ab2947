"""The author admin: name, job title and bio in both languages, photo, links, staff account.

Translators fill in the Chinese name, job title and bio, and nothing else.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from articles import services
from articles.admin.images import image_thumbnail
from articles.admin.translators import TranslatorNoAddDeleteMixin, check_fields, chinese
from articles.images import ImageUploadField, discard_new_files_on_error, limits_help_text
from articles.languages import AUTHOR_TEXT_FIELDS
from articles.models import Author
from articles.models.authors import validate_links
from articles.roles import is_translator


class LinksField(forms.CharField):
    """A list of web addresses, edited one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, encoder=None, decoder=None, **kwargs):  # what a JSONField hands its form field
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines()]
        return [line for line in lines if line]

    def validate(self, value):
        super().validate(value)
        try:
            validate_links(value)
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def has_changed(self, initial, data):
        return (initial or []) != self.to_python(data)


class AuthorForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = (
            *(f"{name}_{lang}" for name in AUTHOR_TEXT_FIELDS for lang in ("en", "zh_hans")),
            "slug",
            "image",
            "links",
            "user",
        )
        field_classes = {"image": ImageUploadField, "links": LinksField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "image" in self.fields:
            self.fields["image"].help_text = limits_help_text()


@admin.register(Author)
class AuthorAdmin(TranslatorNoAddDeleteMixin, TabbedTranslationAdmin):
    form = AuthorForm
    list_display = ("name_en", "name_zh_hans", "job_title", "slug", "photo")
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("photo",)
    fieldsets = [
        (None, {"fields": ("name", "job_title", "bio")}),
        (_("Photo and links"), {"fields": ("photo", "image", "links")}),
        (_("Advanced"), {"classes": ("collapse",), "fields": ("slug", "user")}),
    ]

    @admin.display(description=_("photo"))
    def photo(self, obj):
        return image_thumbnail(obj, width=60) if obj and obj.image else "—"

    def get_prepopulated_fields(self, request, obj=None):
        return {} if is_translator(request.user) else super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        if not is_translator(request.user):
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": ["name_en", *map(chinese, AUTHOR_TEXT_FIELDS)]})]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "name_en"] if is_translator(request.user) else readonly

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if is_translator(request.user):
            check_fields(form_class, list(map(chinese, AUTHOR_TEXT_FIELDS)))
            for name in AUTHOR_TEXT_FIELDS:
                form_class.base_fields[chinese(name)].widget.attrs["lang"] = "zh-Hans"
        return form_class

    def save_model(self, request, obj, form, change):
        if is_translator(request.user):
            if not change or set(form.changed_data) - set(map(chinese, AUTHOR_TEXT_FIELDS)):
                raise PermissionDenied
            services.save_author_translation(author=obj)
            return
        # A refused photo raises before the row is written; a later failure removes new files.
        with discard_new_files_on_error():
            super().save_model(request, obj, form, change)
