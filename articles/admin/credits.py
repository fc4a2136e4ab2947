"""The story form's bylines, translator credits and notes (corrections, updates), and its
"substantive update" checkbox.

Bylines and translator credits are two inlines over one ``Credit`` table, each showing and saving
one role. A published note can be edited but not removed silently: removing one needs its
"confirm removal" box ticked, and the removal is part of the story's revision. Translators edit a
note's Chinese text only.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from articles import services
from articles.admin import translation_display as display
from articles.admin.shared_reads import HeldRowsFormSetMixin, KnownAutocompleteSelect, held_credits
from articles.admin.translators import check_fields, chinese
from articles.models import Article, Credit, StoryNote
from articles.roles import is_translator

SUBSTANTIVE_HELP = _(
    "Tick when this save changes the story in substance (new facts, a changed conclusion). The story "
    "then shows “Updated” with this time, and search engines and feeds see it as updated. A typo "
    "fix, a tag change or a translation leaves the time alone."
)


class StoryAdminForm(forms.ModelForm):
    """The editor's story form: the model's fields plus the "substantive update" checkbox."""

    substantive_update = forms.BooleanField(
        label=_("Substantive update"), required=False, help_text=SUBSTANTIVE_HELP
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "story_type" in self.fields:  # a form posted without it (older scripts) keeps the type
            self.fields["story_type"].required = False

    def clean_story_type(self):
        # A form posted without the field keeps the story's type (news for a new story).
        return self.cleaned_data.get("story_type") or self.instance.story_type or Article.StoryType.NEWS


class LenientInlineFormSet(forms.BaseInlineFormSet):
    """A formset whose absence from a POST means "no change" rather than a broken form.

    Story forms posted by scripts written before bylines and notes existed carry no management
    form for them; they then change no credit or note instead of failing the whole save.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if data is not None and f"{self.prefix}-TOTAL_FORMS" not in data:
            self.data = data.copy()
            self.data[f"{self.prefix}-TOTAL_FORMS"] = "0"
            self.data[f"{self.prefix}-INITIAL_FORMS"] = "0"


class CreditFormSet(HeldRowsFormSetMixin, LenientInlineFormSet):
    """Shows and saves the credits of one role (set on the inline).

    On a GET both roles' inlines share one read of the story's credits, with their authors, and
    each author's box is filled from that read.
    """

    role = Credit.Role.BYLINE

    def held_rows(self):
        return [credit for credit in held_credits(self.instance) if credit.role == self.role]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.role = self.role
        if "author" in form.fields and Credit._meta.get_field("author").is_cached(form.instance):
            author = form.instance.author
            form.fields["author"].known_choices = {str(author.pk): author}
        return form

    def clean(self):
        # The role is not a form field, so the formset's own unique check skips the constraint.
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            author = form.cleaned_data.get("author")
            if author is not None and author.pk in seen:
                raise ValidationError(
                    _("%(name)s is listed twice.") % {"name": author.name}, code="duplicate_credit"
                )
            if author is not None:
                seen.add(author.pk)


class CreditInline(admin.TabularInline):
    model = Credit
    formset = CreditFormSet
    fields = ("author", "position")
    autocomplete_fields = ("author",)
    extra = 0
    role = Credit.Role.BYLINE

    def get_queryset(self, request):
        return super().get_queryset(request).filter(role=self.role)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author" and "widget" not in kwargs:
            kwargs["widget"] = KnownAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"role": self.role})


class BylineInline(CreditInline):
    verbose_name = _("byline")
    verbose_name_plural = _("bylines")
    role = Credit.Role.BYLINE


class TranslatorCreditInline(CreditInline):
    verbose_name = _("translator")
    verbose_name_plural = _("translators of the Chinese text")
    role = Credit.Role.TRANSLATOR


class StoryNoteForm(forms.ModelForm):
    confirm_removal = forms.BooleanField(
        label=_("Confirm removal"),
        required=False,
        help_text=_("Readers have seen this note. Tick this as well as “Delete” to remove it."),
    )

    class Meta:
        model = StoryNote
        fields = ("kind", "text", "noted_at")


class StoryNoteFormSet(HeldRowsFormSetMixin, LenientInlineFormSet):
    def clean(self):
        super().clean()
        published = self.instance.pk and Article.objects.published().filter(pk=self.instance.pk).exists()
        for form in self.initial_forms:
            # A formset ignores the errors of forms marked for deletion, so refuse the whole set.
            if published and self._should_delete_form(form) and not form.cleaned_data.get("confirm_removal"):
                raise ValidationError(
                    _("This note is public. Tick “Confirm removal” to remove it; the history keeps it."),
                    code="confirm_removal",
                )


class StoryNoteInline(TranslationStackedInline):
    model = StoryNote
    form = StoryNoteForm
    formset = StoryNoteFormSet
    extra = 0
    fields = ("kind", "text", "noted_at", "confirm_removal")

    def has_add_permission(self, request, obj=None):
        return not is_translator(request.user) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_translator(request.user) and super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        if is_translator(request.user):
            return ["kind", "noted_at", "text_source", chinese("text")]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if is_translator(request.user):
            readonly += ["kind", "noted_at", "text_source"]
        return readonly

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if is_translator(request.user):
            check_fields(formset.form, [chinese("text"), "confirm_removal"])
            formset.form.base_fields.pop("confirm_removal", None)
            field = formset.form.base_fields[chinese("text")]
            field.label = _("Chinese note")
            field.widget.attrs["lang"] = "zh-Hans"
        return formset

    @admin.display(description=_("English note"))
    def text_source(self, obj):
        return display.source_box(obj, "text")


class StoryCreditsAdminMixin:
    """Story admin: the credit and note inlines, and the substantive update time after a save."""

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if is_translator(request.user):
            return [inline for inline in inlines if not issubclass(inline, CreditInline)]
        return inlines

    def save_formset(self, request, form, formset, change):
        if is_translator(request.user) and formset.model is StoryNote:
            save_translator_notes(formset)
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not is_translator(request.user):
            services.record_substantive_update(
                article=form.instance, marked=bool(form.cleaned_data.get("substantive_update"))
            )


def save_translator_notes(formset) -> None:
    """Save only the Chinese text of the notes a translator changed (no adds, no deletes)."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.initial_forms:
        if not form.has_changed():
            continue
        if set(form.changed_data) - {chinese("text")}:
            raise PermissionDenied
        note = form.save(commit=False)
        services.save_note_translation(note=note)
        formset.changed_objects.append((note, form.changed_data))
