"""XLIFF exchange in the admin: download stories (an action, and the queue's link), upload a file back.

The upload page applies the file through ``articles.services.import_translations`` and shows its
report (applied, unchanged, outdated, refused); a refused file changes nothing and says why.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import services
from articles.models import Article
from articles.translations.exchange import MAX_BYTES, export_xliff


class ExchangeUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLIFF file"), help_text=gettext_lazy("XLIFF 1.2, at most 10 MB.")
    )


def xliff_download(articles, filename: str) -> HttpResponse:
    response = HttpResponse(export_xliff(articles), content_type="application/x-xliff+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ExchangeAdminMixin:
    """Story admin: the XLIFF action, the queue's download and the upload page."""

    actions = ["download_xliff"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("translations/export/", wrap(self.xliff_queue_view), name="articles_xliff_queue"),
            path("translations/import/", wrap(self.xliff_import_view), name="articles_xliff_import"),
            *super().get_urls(),
        ]

    @admin.action(description=gettext_lazy("Download for translation (XLIFF)"), permissions=["view"])
    def download_xliff(self, request, queryset):
        return xliff_download(queryset.order_by("pk").prefetch_related("images", "tags"), "stories.xlf")

    def xliff_queue_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        stories = Article.objects.needs_translation().order_by("pk").prefetch_related("images", "tags")
        return xliff_download(stories, "translation-queue.xlf")

    def xliff_import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = ExchangeUploadForm(request.POST or None, request.FILES or None)
        report, error = None, None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_BYTES:
                    raise ValidationError(_("The file is larger than 10 MB."))
                report = services.import_translations(data=upload.read(), by=request.user, name=upload.name)
            except ValidationError as exc:
                error = _("Refused, nothing was applied: %(problem)s") % {"problem": " ".join(exc.messages)}
                self.message_user(request, error, messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import translations (XLIFF)"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/articles/xliff_import.html", context)
