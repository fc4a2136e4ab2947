"""Changing a public slug asks first, and the old address keeps working (a 301, see reader/redirects.py).

Used by the story, section and tag admins. The form carries a hidden ``confirm_slug_change``; when a
save changes the slug of a page readers can reach, the form comes back with that field shown as a
checkbox and a warning naming the old and the new address. Ticking it and saving again goes ahead,
and the old slug is recorded (``articles.services.record_slug``) so that links to it redirect.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import services
from articles.services.slugs import is_public

CONFIRM = "confirm_slug_change"


def _confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=gettext_lazy("Change the public address"),
        required=False,
        widget=forms.HiddenInput,
    )


class SlugConfirmFormMixin:
    """Form side: refuse a change of a public slug until the editor ticks the confirmation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored state, before the form's values are copied onto the instance.
        self.stored_slug = self.instance.slug if self.instance.pk else None
        self.slug_was_public = is_public(self.instance)

    def clean(self):
        cleaned = super().clean()
        new_slug = cleaned.get("slug")
        if not (self.slug_was_public and new_slug and self.stored_slug and new_slug != self.stored_slug):
            return cleaned
        if cleaned.get(CONFIRM):
            return cleaned
        self.fields[CONFIRM].widget = forms.CheckboxInput()
        self.add_error(
            CONFIRM,
            _(
                "Readers reach this %(thing)s at the address “%(old)s”. Saving moves it to “%(new)s”; "
                "links to the old address will redirect to the new one. Tick this box and save again "
                "to change it."
            )
            % {"thing": self.instance._meta.verbose_name, "old": self.stored_slug, "new": new_slug},
        )
        return cleaned


class SlugRedirectAdminMixin:
    """Admin side: add the confirmation to the form and record the old slug after the save."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [f for f in kwargs["fields"] if f != CONFIRM]
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" not in form.base_fields:
            return form
        return type(form.__name__, (SlugConfirmFormMixin, form), {CONFIRM: _confirm_field()})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = flatten_fieldsets(fieldsets)
        editable = "slug" in names and "slug" not in self.get_readonly_fields(request, obj)
        if obj is None or not editable or CONFIRM in names:
            return fieldsets
        # Beside the status when there is one (the story's slug sits in a collapsed fieldset).
        anchor = "status" if "status" in names else "slug"
        return [
            (name, {**options, "fields": (*options["fields"], CONFIRM)})
            if anchor in flatten_fieldsets([(name, options)])
            else (name, options)
            for name, options in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "slug" in form.fields:
            services.record_slug(
                obj=obj,
                old_slug=getattr(form, "stored_slug", None),
                was_public=getattr(form, "slug_was_public", False),
            )
