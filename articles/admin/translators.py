"""The translator's side of the admin: Chinese fields only, English shown read-only beside them.

A Translator (see ``articles.roles.is_translator``) gets forms that contain only the Chinese
fields, so a forged POST that names an English field, the status or the publish time is ignored by
the form; saves are then written with ``update_fields`` limited to the Chinese columns, and anything
else in the form is refused with 403. Translators cannot add or delete, run the list actions, edit
list columns or revert to an old version.

The form still carries the hidden ``loaded_version``: ``OptimisticLockAdminMixin`` (listed before this
mixin on ``ArticleAdmin``) adds it to these fieldsets and form, checks it, and moves the story's
version forward before ``save_model`` below writes the Chinese columns.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles import services
from articles.admin import translation_display as display
from articles.admin.locking import LOADED_VERSION
from articles.admin.memory_display import MEMORY_JS, memory_box
from articles.admin.publishing import require_translation_form, require_translation_formset
from articles.roles import is_translator
from articles.translations.status import (
    ARTICLE_FIELDS,
    IMAGE_FIELDS,
    OUTDATED,
    article_status,
    field_state,
)

SIDE_BY_SIDE = ("gz-side-by-side",)
ADMIN_CSS = forms.Media(css={"all": ["css/admin-translation.css"]})
OUTDATED_HELP = _("Outdated: the English changed after this was translated. See what changed beside it.")


def chinese(name: str) -> str:
    return f"{name}_zh_hans"


class ReviewedForm(forms.ModelForm):
    """A translator's form: ticking "still accurate" marks an outdated field done without changes."""

    reviewed = forms.MultipleChoiceField(
        label=_("Still accurate"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick an outdated field when its Chinese still matches the new English."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = self.instance.translation_source_fields
        choices = [
            (name, self.instance._meta.get_field(name).verbose_name)
            for name in names
            if self.instance.pk and field_state(self.instance, name) == OUTDATED
        ]
        self.fields["reviewed"].choices = choices
        if not choices:  # nothing to confirm: the admin hides a row whose only field is hidden
            self.fields["reviewed"].widget = forms.MultipleHiddenInput()


def _label_chinese_fields(form_class, obj, names) -> None:
    """Label the Chinese inputs as such and mark the outdated ones (a new class per request)."""
    for name in names:
        formfield = form_class.base_fields.get(chinese(name))
        if formfield is None:
            continue
        formfield.label = _("Chinese %(field)s") % {"field": obj._meta.get_field(name).verbose_name}
        formfield.help_text = ""
        classes = [c for c in formfield.widget.attrs.get("class", "").split() if not c.startswith("mt")]
        formfield.widget.attrs["class"] = " ".join([*classes, "gz-chinese"])
        formfield.widget.attrs["lang"] = "zh-Hans"


def check_fields(form_class, allowed) -> None:
    extra = set(form_class.base_fields) - set(allowed)
    if extra:  # a programming error, never a user's: fail loudly rather than widen the form
        raise ImproperlyConfigured(f"Translator form would contain {sorted(extra)}.")


class TranslatorNoAddDeleteMixin:
    """Translators change existing rows only: no add, no delete, no bulk actions."""

    def has_add_permission(self, request):
        return not is_translator(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return not is_translator(request.user) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return {} if is_translator(request.user) else super().get_actions(request)


class TranslatorArticleMixin(TranslatorNoAddDeleteMixin):
    """Story admin: translator forms, translation status column and summary, the queue URL."""

    translator_info_fields = ("status_label", "published_at", "section", "tag_list", "source_name", "slug")

    @property
    def media(self):
        return super().media + ADMIN_CSS + MEMORY_JS

    def get_urls(self):
        from articles.admin.queue import queue_view

        view = self.admin_site.admin_view(lambda request: queue_view(self, request))
        return [path("translation-queue/", view, name="articles_translation_queue"), *super().get_urls()]

    # --- permissions -------------------------------------------------------------------------

    def revision_view(self, request, *args, **kwargs):
        # Reverting restores every field, English included.
        if is_translator(request.user):
            raise PermissionDenied
        return super().revision_view(request, *args, **kwargs)

    def get_prepopulated_fields(self, request, obj=None):
        return {} if is_translator(request.user) else super().get_prepopulated_fields(request, obj)

    # --- the form ----------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        if not is_translator(request.user):
            fieldsets = list(super().get_fieldsets(request, obj))
            if obj is not None:  # completeness before publishing
                fieldsets.insert(1, (_("Chinese translation"), {"fields": ["translation_summary"]}))
            return fieldsets
        fields = ["translation_summary", *((f"{name}_source", chinese(name)) for name in ARTICLE_FIELDS)]
        if obj is not None and any(field_state(obj, name) == OUTDATED for name in ARTICLE_FIELDS):
            fields.append("reviewed")
        return [
            (pgettext_lazy("fieldset", "Translation"), {"fields": fields, "classes": SIDE_BY_SIDE}),
            (_("About this story"), {"fields": self.translator_info_fields}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "translation_summary"]
        if is_translator(request.user):
            readonly += [f"{name}_source" for name in ARTICLE_FIELDS] + list(self.translator_info_fields)
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        if not is_translator(request.user):
            return require_translation_form(super().get_form(request, obj, **kwargs))
        kwargs["form"] = ReviewedForm
        form_class = super().get_form(request, obj, **kwargs)
        check_fields(form_class, [*map(chinese, ARTICLE_FIELDS), "reviewed"])
        _label_chinese_fields(form_class, self.model, ARTICLE_FIELDS)
        for name in ARTICLE_FIELDS:
            if obj is not None and field_state(obj, name) == OUTDATED:
                form_class.base_fields[chinese(name)].help_text = OUTDATED_HELP
        return form_class

    def render_change_form(self, request, context, *args, **kwargs):
        # No language tabs for translators: modeltranslation's tab script would regroup their Chinese
        # inputs (it finds them by class) and relabel them with the English label.
        if is_translator(request.user) and "media" in context:
            media = context["media"]
            js = [script for script in media._js if "tabbed_translation_fields" not in str(script)]
            context["media"] = forms.Media(js=js, css=media._css)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if not is_translator(request.user):
            return super().save_model(request, obj, form, change)
        if not change or set(form.changed_data) - {*map(chinese, ARTICLE_FIELDS), "reviewed", LOADED_VERSION}:
            raise PermissionDenied
        # The version counter was moved forward by OptimisticLockAdminMixin.save_model (guarded UPDATE).
        services.save_story_translation(article=obj, reviewed=form.cleaned_data.get("reviewed") or ())

    def save_formset(self, request, form, formset, change):
        if not is_translator(request.user):
            return super().save_formset(request, form, formset, change)
        save_translator_images(formset)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if is_translator(request.user):
            changelist.list_editable = ()
        return changelist

    # --- read-only pieces ----------------------------------------------------------------------

    @admin.display(description=_("Chinese translation"))
    def translation_summary(self, obj):
        return display.summary(article_status(obj)) if obj else "—"

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all()) or "—"

    @admin.display(description=_("English headline"))
    def title_source(self, obj):
        return format_html("{}{}", display.source_box(obj, "title"), memory_box(obj, "title"))

    @admin.display(description=_("English dek"))
    def dek_source(self, obj):
        return format_html("{}{}", display.source_box(obj, "dek"), memory_box(obj, "dek"))

    @admin.display(description=_("English body"))
    def body_source(self, obj):
        return format_html("{}{}", display.source_box(obj, "body", markdown=True), memory_box(obj, "body"))

    @admin.display(description=_("English “why it matters”"))
    def why_it_matters_source(self, obj):
        return format_html(
            "{}{}", display.source_box(obj, "why_it_matters"), memory_box(obj, "why_it_matters")
        )


class TranslatorImageInlineMixin:
    """Image inline: translators see the picture and edit only the Chinese caption and alt text."""

    def has_add_permission(self, request, obj=None):
        return not is_translator(request.user) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_translator(request.user) and super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if not is_translator(request.user):
            return super().get_fieldsets(request, obj)
        fields = ["thumbnail", *((f"{name}_source", chinese(name)) for name in IMAGE_FIELDS)]
        if obj is not None and any(
            field_state(image, name) == OUTDATED for image in obj.images.all() for name in IMAGE_FIELDS
        ):
            fields.append("reviewed")
        return [(None, {"fields": fields, "classes": SIDE_BY_SIDE})]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_translator(request.user):
            readonly += [f"{name}_source" for name in IMAGE_FIELDS]
        return readonly

    def get_formset(self, request, obj=None, **kwargs):
        if not is_translator(request.user):
            return require_translation_formset(super().get_formset(request, obj, **kwargs))
        kwargs["form"] = ReviewedForm
        formset_class = super().get_formset(request, obj, **kwargs)
        check_fields(formset_class.form, [*map(chinese, IMAGE_FIELDS), "reviewed"])
        _label_chinese_fields(formset_class.form, self.model, IMAGE_FIELDS)
        return formset_class

    @admin.display(description=_("English alt text"))
    def alt_text_source(self, obj):
        return display.source_box(obj, "alt_text")

    @admin.display(description=_("English caption"))
    def caption_source(self, obj):
        return display.source_box(obj, "caption")


def save_translator_images(formset) -> None:
    """Save only the Chinese columns of the images a translator changed (no adds, no deletes)."""
    # The admin's change message reads these three lists, as formset.save() would have set them.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.initial_forms:
        if not form.has_changed():
            continue
        if set(form.changed_data) - {*map(chinese, IMAGE_FIELDS), "reviewed"}:
            raise PermissionDenied
        image = form.save(commit=False)
        services.save_image_translation(image=image, reviewed=form.cleaned_data.get("reviewed") or ())
        formset.changed_objects.append((image, form.changed_data))


class TranslationFilter(admin.SimpleListFilter):
    """Stories by the state of their Chinese side."""

    title = _("Chinese translation")
    parameter_name = "zh"

    def lookups(self, request, model_admin):
        return [
            ("needed", pgettext_lazy("translation state", "Needs translation")),
            ("outdated", pgettext_lazy("translation state", "Outdated")),
            ("complete", pgettext_lazy("translation state", "Complete")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.needs_translation()
        if self.value() == "outdated":
            return queryset.outdated_translation()
        if self.value() == "complete":
            return queryset.translation_complete()
        return queryset
