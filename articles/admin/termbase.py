"""The termbase admin: editors and translators keep the term pairs; CSV import (all or nothing) and export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import services
from articles.models import TermPair
from articles.roles import EDITORS, TRANSLATORS, group_names
from articles.translations.termbase_csv import export_csv

MAX_CSV_BYTES = 2 * 1024 * 1024


def keeps_termbase(user) -> bool:
    """Return True if the user may read and change the termbase: superusers, Editors, Translators."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or bool(group_names(user) & {EDITORS, TRANSLATORS})


class TermImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, with the header row english,chinese,note,keep_as_is."),
    )


def _download(terms) -> HttpResponse:
    response = HttpResponse(export_csv(terms), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="termbase.csv"'
    return response


@admin.register(TermPair)
class TermPairAdmin(admin.ModelAdmin):
    list_display = ("english", "chinese", "kept", "note")
    list_filter = ("keep_as_is",)
    search_fields = ("english", "chinese", "note")
    actions = ["export_selected"]
    change_list_template = "admin/articles/termpair/change_list.html"

    # Editors and translators share the termbase, so the rule is the role, not a model permission.
    def has_module_permission(self, request):
        return keeps_termbase(request.user)

    def has_view_permission(self, request, obj=None):
        return keeps_termbase(request.user)

    def has_add_permission(self, request):
        return keeps_termbase(request.user)

    def has_change_permission(self, request, obj=None):
        return keeps_termbase(request.user)

    def has_delete_permission(self, request, obj=None):
        return keeps_termbase(request.user)

    @admin.display(description=gettext_lazy("keep as is"), ordering="keep_as_is")
    def kept(self, obj):
        # Words, not Django's boolean icon: its alt text is always English.
        return _("Yes") if obj.keep_as_is else "—"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="articles_termpair_import"),
            path("export/", wrap(self.export_view), name="articles_termpair_export"),
            *super().get_urls(),
        ]

    @admin.action(description=gettext_lazy("Download the selected terms as CSV"))
    def export_selected(self, request, queryset):
        return _download(queryset.order_by("english"))

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _download(TermPair.objects.order_by("english"))

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TermImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_CSV_BYTES:
                    raise ValidationError(_("The file is larger than 2 MB."))
                result = services.import_terms(data=upload.read())
            except ValidationError as exc:
                errors = exc.messages
            else:
                self.message_user(
                    request,
                    _("Termbase imported: %(created)d new terms, %(updated)d updated.")
                    % {"created": result.created, "updated": result.updated},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:articles_termpair_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import terms from CSV"),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/articles/termpair/import.html", context)
