"""The story form's side of the rule "publishing needs a complete Chinese translation".

The rule and its message live in ``articles/translations/rules.py``; here the form and the image
formset hand it the story and images *as they are about to be saved*, so a refusal is attached to
the status field before anything is written.
"""

import copy

from django.core.exceptions import ValidationError

from articles.languages import columns
from articles.models import Article
from articles.translations.rules import check_publishable, images_status, rule_applies
from articles.translations.status import ARTICLE_FIELDS, story_fields_status

TEXT_KEYS = set(columns(ARTICLE_FIELDS))


def require_translation_form(form_class):
    """Return the story form class with the rule applied to the story's own fields."""

    class Form(form_class):
        def clean(self):
            cleaned = super().clean()
            publishing = cleaned.get("status") == Article.Status.PUBLISHED
            if not rule_applies() or not publishing:
                return cleaned
            if self.initial.get("status") == Article.Status.PUBLISHED:
                return cleaned
            probe = copy.copy(self.instance)  # the story as it will be saved, without touching it
            for key in TEXT_KEYS & set(cleaned):
                setattr(probe, key, cleaned[key])
            try:
                check_publishable(title=probe.title_en or probe.slug, status=story_fields_status(probe))
            except ValidationError as refusal:
                self.add_error("status", refusal)
            return cleaned

    Form.__name__ = form_class.__name__
    return Form


def require_translation_formset(formset_class):
    """Return the image formset class with the rule applied to the images' captions and alt text."""

    class FormSet(formset_class):
        def clean(self):
            super().clean()
            story = self.instance
            if not rule_applies() or story.status != Article.Status.PUBLISHED:
                return
            if story.pk and Article.objects.filter(pk=story.pk, status=Article.Status.PUBLISHED).exists():
                return
            kept = [
                form.instance
                for form in self.forms
                if form.is_valid()
                and not self._should_delete_form(form)
                and (form.instance.pk or form.has_changed())
            ]
            check_publishable(title=story.title_en or story.slug, status=images_status(kept))

    FormSet.__name__ = formset_class.__name__
    return FormSet
