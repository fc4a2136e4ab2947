"""The optional rule "publishing requires a complete Chinese translation", in the story form.

With ``GUOZHEN_REQUIRE_COMPLETE_TRANSLATION`` on, a story form that moves a story to Published is
refused while any Chinese field (story or image) is missing or outdated. Stories that are already
published can still be corrected. The publishing actions apply the same rule in ``services``.
"""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from articles.languages import columns
from articles.models import Article
from articles.translations.status import ARTICLE_FIELDS, DONE, field_state, image_status

TEXT_KEYS = set(columns(ARTICLE_FIELDS))


def _refusal(problems: list[str]) -> ValidationError:
    return ValidationError(
        _("This story cannot be published until its Chinese translation is complete. Not done: %(fields)s.")
        % {"fields": ", ".join(problems)},
        code="translation_incomplete",
    )


def require_translation_form(form_class):
    """Return the story form class with the rule applied to the story's own fields."""

    class Form(form_class):
        def clean(self):
            cleaned = super().clean()
            publishing = cleaned.get("status") == Article.Status.PUBLISHED
            if not settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION or not publishing:
                return cleaned
            if self.initial.get("status") == Article.Status.PUBLISHED:
                return cleaned
            probe = copy.copy(self.instance)  # the story as it will be saved, without touching it
            for key in TEXT_KEYS & set(cleaned):
                setattr(probe, key, cleaned[key])
            problems = [
                str(probe._meta.get_field(name).verbose_name)
                for name in ARTICLE_FIELDS
                if field_state(probe, name) not in (None, DONE)
            ]
            if problems:
                self.add_error("status", _refusal(problems))
            return cleaned

    Form.__name__ = form_class.__name__
    return Form


def require_translation_formset(formset_class):
    """Return the image formset class with the rule applied to the images' captions and alt text."""

    class FormSet(formset_class):
        def clean(self):
            super().clean()
            story = self.instance
            if not settings.GUOZHEN_REQUIRE_COMPLETE_TRANSLATION or story.status != Article.Status.PUBLISHED:
                return
            if story.pk and Article.objects.filter(pk=story.pk, status=Article.Status.PUBLISHED).exists():
                return
            kept = [
                form
                for form in self.forms
                if form.is_valid()
                and not self._should_delete_form(form)
                and (form.instance.pk or form.has_changed())
            ]
            problems = []
            for number, form in enumerate(kept, start=1):
                status = image_status(form.instance, number)
                problems += [entry.label for entry in status.entries if entry.state != DONE]
            if problems:
                raise _refusal(problems)

    FormSet.__name__ = formset_class.__name__
    return FormSet
