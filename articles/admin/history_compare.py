"""Compare any two recorded versions of a story (the history page's two radio columns).

``history/compare/?from=<version id>&to=<version id>`` shows what changed from one to the other,
whichever is older; both must be versions of this story. Works without JavaScript: the radio
buttons belong to a plain GET form.
"""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.history import snapshots
from articles.history.diff import Names, diff_snapshots, status_notes


class HistoryCompareAdminMixin:
    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(self.compare_view)
        name = f"{opts.app_label}_{opts.model_name}_compare"
        return [path("<path:object_id>/history/compare/", view, name=name), *super().get_urls()]

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        chosen = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(value.isdigit() for value in chosen):
            raise Http404
        found = Version.objects.get_for_object(obj).select_related("revision__user").in_bulk(map(int, chosen))
        if len(found) != len(set(chosen)) or len(set(chosen)) != 2:
            raise Http404
        older, newer = sorted(found.values(), key=lambda version: version.pk)
        states = snapshots.snapshots_from_versions([older, newer])
        names = Names(states)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "app_label": self.model._meta.app_label,
            "object": obj,
            "title": _("Compare two versions of “%(story)s”") % {"story": obj},
            "older": older,
            "newer": newer,
            "older_who": _name(older.revision.user),
            "newer_who": _name(newer.revision.user),
            "changes": diff_snapshots(states[0], states[1], names),
            "status_notes": status_notes(states[0].fields, states[1].fields),
            "history_url": self._url("history", quote(obj.pk)),
            "older_url": self._url("revision", quote(obj.pk), older.pk),
            "newer_url": self._url("revision", quote(obj.pk), newer.pk),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)


def _name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
