"""Data rules that keep hostile or broken text out of stories, images, tags and sections.

- Links an editor types (source URL, image source URL) must be web addresses: only ``http`` and
  ``https``. Django's own URLField also accepts ``ftp``; ``javascript:``, ``data:`` and ``vbscript:``
  never pass either check. The same rule is a named database constraint on every URL column
  (``web_url_constraint``), so the shell, ``QuerySet.update()`` or a data migration cannot store
  another scheme either, and templates link a URL only if ``is_web_url()`` agrees (a row forced in
  with SQL renders as text).
- Text must not hold invisible control characters: XML 1.0 forbids them, so one of them in a
  headline would make the RSS and Atom feeds fail to build (Django refuses to write them).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

WEB_URL_SCHEMES = ("http", "https")

validate_web_url = URLValidator(
    schemes=list(WEB_URL_SCHEMES),
    message=_("Enter a web address that starts with http:// or https://."),
)


def is_web_url(url) -> bool:
    """Return True if url starts with http:// or https:// (any case), the only links we render.

    No stripping: a browser removes leading spaces and controls and tabs inside a scheme, so
    " javascript:" or "java\tscript:" must fail here, and they do because they do not start with
    the exact prefix.
    """
    return isinstance(url, str) and url[:8].lower().startswith(tuple(f"{s}://" for s in WEB_URL_SCHEMES))


def web_url_constraint(field: str, *, name: str) -> models.CheckConstraint:
    """A named check that the column is empty or an http/https address (the database's copy of
    ``validate_web_url``'s scheme rule)."""
    condition = Q(**{field: ""})
    for scheme in WEB_URL_SCHEMES:
        condition |= Q(**{f"{field}__istartswith": f"{scheme}://"})
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_message=validate_web_url.message
    )


# C0 controls except tab, newline and carriage return, plus DEL and the two XML non-characters.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def validate_no_control_characters(value) -> None:
    """Refuse text holding invisible control characters (they break the XML feeds)."""
    if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the invisible control character from this text (it often comes with pasted text)."),
            code="control_character",
        )


class WebURLField(models.URLField):
    """A URLField that accepts only http and https, in forms and in ``full_clean()`` alike.

    ``deconstruct()`` reports a plain URLField: the validator is code, not schema, so changing it
    needs no migration.
    """

    default_validators = [validate_web_url]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})


class WebURLFormField(forms.URLField):
    """The form side of WebURLField: one clear message instead of Django's generic one."""

    default_validators = [validate_web_url]
    default_error_messages = {"invalid": validate_web_url.message}


class CleanTextMixin:
    """Model mixin for ``full_clean()``: line breaks become ``\\n`` and control characters are refused.

    Browsers send textarea line breaks as ``\\r\\n``; storing them as sent would make every first
    save from the admin look like a change of every paragraph in the history. Admin forms, the
    importer and anything else that calls ``full_clean()`` get both rules, so the feeds can always
    be built.
    """

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            value = field.value_from_object(self)
            if (
                isinstance(value, str)
                and "\r" in value
                and isinstance(field, models.CharField | models.TextField)
            ):
                setattr(self, field.attname, value.replace("\r\n", "\n").replace("\r", "\n"))
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if (exclude and field.name in exclude) or field.name in errors:
                continue
            try:
                validate_no_control_characters(field.value_from_object(self))
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)
