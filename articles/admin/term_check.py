"""After a story's save: refresh its translation memory, and warn about terms missing their agreed Chinese.

The warning never stops the save; it lists field and term so the translator can fix it.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.languages import CHINESE
from articles.models import Article
from articles.translations import memory
from articles.translations.termbase import Termbase, story_mismatches


def _touched_chinese(form, formsets) -> bool:
    forms = [form, *(f for formset in formsets for f in formset.forms)]
    return any(name.endswith(f"_{CHINESE}") for f in forms if f.has_changed() for name in f.changed_data)


class TermCheckAdminMixin:
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = Article.objects.prefetch_related("images").get(pk=form.instance.pk)
        # English edits drop outdated fields from the memory; Chinese edits add done ones.
        memory.refresh_story(article)
        if not _touched_chinese(form, formsets):
            return
        termbase = Termbase.load()
        found = story_mismatches(article, termbase) if termbase else []
        if found:
            listed = pgettext("list separator", ", ").join(
                _("%(field)s: %(english)s → %(chinese)s")
                % {"field": label, "english": term.english, "chinese": term.rendering}
                for label, term in found
            )
            self.message_user(
                request,
                _("Saved, but these terms do not use the agreed Chinese: %(terms)s.") % {"terms": listed},
                messages.WARNING,
            )
