"""Preview links on the story's admin page: a panel listing them, a form to make one, revoke buttons.

The token is shown once, in the message after the link is made: only its hash is stored. Making
and revoking links are editor actions (translators do not see the panel); writes go through
``articles.services``.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import services
from articles.history import snapshots
from articles.models import PreviewLink
from articles.roles import is_translator
from articles.services.previews import DEFAULT_HOURS, preview_path

REVISION_CHOICES = 20
LIFETIMES = [
    (1, gettext_lazy("1 hour")),
    (24, gettext_lazy("1 day")),
    (72, gettext_lazy("3 days")),
    (168, gettext_lazy("7 days")),
    (336, gettext_lazy("14 days")),
    (720, gettext_lazy("30 days")),
]


class PreviewLinkForm(forms.Form):
    hours = forms.TypedChoiceField(
        label=gettext_lazy("Works for"), choices=LIFETIMES, coerce=int, initial=DEFAULT_HOURS
    )
    version = forms.ChoiceField(
        label=gettext_lazy("Shows"),
        required=False,
        help_text=gettext_lazy("The latest saved version, or one revision as it was saved then."),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(v.pk): v for v in snapshots.story_versions(article.pk)[:REVISION_CHOICES]}
        self.fields["version"].choices = [("", _("The latest saved version"))] + [
            (
                pk,
                _("Version %(n)s, saved %(date)s")
                % {"n": _number(v), "date": snapshots.revision_date(v.revision)},
            )
            for pk, v in self.versions.items()
        ]

    def chosen_version(self):
        return self.versions.get(self.cleaned_data.get("version") or "")


def _number(version) -> str:
    return str(version.field_dict.get("version") or "?")


class PreviewLinksAdminMixin:
    """Adds the preview-link URLs to the story admin and the panel's data to its change page."""

    def can_share_previews(self, request, obj) -> bool:
        return not is_translator(request.user) and self.has_change_permission(request, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/previews/new/",
                wrap(self.create_preview_view),
                name="articles_preview_create",
            ),
            path(
                "<path:object_id>/previews/<int:link_id>/revoke/",
                wrap(self.revoke_preview_view),
                name="articles_preview_revoke",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.can_share_previews(request, obj):
            extra_context = {
                **(extra_context or {}),
                "preview_links": list(obj.preview_links.select_related("created_by", "version")[:50]),
                "preview_form": PreviewLinkForm(article=obj),
                "preview_allowed": not obj.is_published(),
                "now": timezone.now(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _story_or_403(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise PermissionDenied
        if not self.can_share_previews(request, obj):
            raise PermissionDenied
        return obj

    def _back(self, obj):
        return redirect(reverse("admin:articles_article_change", args=[obj.pk]) + "#preview-links")

    def create_preview_view(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        obj = self._story_or_403(request, object_id)
        form = PreviewLinkForm(request.POST, article=obj)
        if not form.is_valid():
            self.message_user(request, _("Choose how long the link works."), messages.ERROR)
            return self._back(obj)
        try:
            _link, token = services.create_preview_link(
                article=obj, by=request.user, hours=form.cleaned_data["hours"], version=form.chosen_version()
            )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return self._back(obj)
        url = request.build_absolute_uri(preview_path(token))
        self.message_user(
            request,
            format_html(
                '{} <a class="gz-preview-url" href="{}">{}</a>',
                _("Preview link made. Copy it now: it is shown only once."),
                url,
                url,
            ),
            messages.SUCCESS,
        )
        return self._back(obj)

    def revoke_preview_view(self, request, object_id, link_id):
        if request.method != "POST":
            raise PermissionDenied
        obj = self._story_or_403(request, object_id)
        link = get_object_or_404(PreviewLink, pk=link_id, article=obj)
        services.revoke_preview_link(link=link)
        self.message_user(request, _("The preview link was revoked: it no longer opens."), messages.SUCCESS)
        return self._back(obj)
