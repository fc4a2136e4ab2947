"""A story's history in the admin: who saved what and when, a readable diff, one-click restore, recovery.

django-reversion's ``VersionAdmin`` gives the URLs (history, ``history/<version>/``, ``recover/``).
This mixin replaces its revert *form* (which re-posts an old version through the change form) with
a comparison page and a single Restore button: restoring goes through
``articles.history.restore.restore_version``, so the version counter moves forward and the restore is
itself recorded. Restoring and recovering are editor actions: they can change every field, so
they need the delete permission as well, which translators do not have.
"""

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reversion.models import Version

from articles import services
from articles.history import comments, recording, snapshots
from articles.history.diff import Names, diff_snapshots, display_value, field_label, status_notes
from articles.models import Article
from articles.services.slugs import is_public

HISTORY_LIMIT = 100


def _who(revision) -> str:
    user = revision.user
    if user is None:
        return ""
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


class StoryHistoryAdminMixin:
    object_history_template = "admin/articles/article/history.html"
    recover_list_template = "admin/articles/article/recover_list.html"

    def can_restore(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj) and self.has_delete_permission(request, obj)

    def _url(self, name: str, *args) -> str:
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def _context(self, request, **extra):
        opts = self.model._meta
        return {**self.admin_site.each_context(request), "opts": opts, "app_label": opts.app_label, **extra}

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return super().history_view(request, object_id, extra_context)
        versions = list(snapshots.story_versions(obj.pk)[:HISTORY_LIMIT])
        states = snapshots.snapshots_from_versions(versions)
        current = snapshots.snapshot_of(obj)
        names = Names([*states, current])
        entries = []
        for index, (version, snapshot) in enumerate(zip(versions, states, strict=True)):
            older = states[index + 1] if index + 1 < len(states) else None
            entries.append(
                {
                    "revision": version.revision,
                    "who": _who(version.revision),
                    "comment": comments.render(version.revision.get_comment()),
                    "changes": diff_snapshots(older, snapshot, names),
                    "first": older is None,
                    "current": index == 0 and snapshot.same_content(current),
                    "url": self._url("revision", quote(obj.pk), version.pk),
                    "version_id": version.pk,
                }
            )
        context = {
            "entries": entries,
            "can_restore": self.can_restore(request, obj),
            "compare_url": self._url("compare", quote(obj.pk)),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """GET: what restoring this version would change. POST: restore it (one click)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        if request.method == "POST":
            if not self.can_restore(request, obj):
                raise PermissionDenied
            return self._restore(request, version, failure_url=self._url("history", quote(obj.pk)))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        snapshot = snapshots.snapshot_from_version(version)
        current = snapshots.snapshot_of(obj)
        context = self._context(
            request,
            title=_("Restore an earlier version of “%(story)s”") % {"story": obj},
            object=obj,
            version=version,
            who=_who(version.revision),
            changes=diff_snapshots(current, snapshot),
            status_notes=status_notes(current.fields, snapshot.fields),
            can_restore=self.can_restore(request, obj),
            **(extra_context or {}),
        )
        return TemplateResponse(request, "admin/articles/article/revision.html", context)

    def recover_view(self, request, version_id, extra_context=None):
        """GET: what the deleted story held. POST: bring it back (one click)."""
        if not (self.has_add_permission(request) and self.can_restore(request)):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.select_related("revision__user"),
            pk=version_id,
            content_type=ContentType.objects.get_for_model(Article),
        )
        if Article.objects.filter(pk=version.object_id).exists():
            return redirect(self._url("change", quote(version.object_id)))
        if request.method == "POST":
            as_draft = request.POST.get("recover_as") != "recorded"
            return self._restore(request, version, failure_url=self._url("recoverlist"), as_draft=as_draft)
        snapshot = snapshots.snapshot_from_version(version)
        as_draft = {**snapshot.fields, "status": Article.Status.DRAFT}  # how it comes back by default
        names = Names([snapshot])
        rows = [
            (field_label(Article, name), display_value(name, snapshot.fields[name], names) or "—")
            for name in ("title_en", "title_zh_hans", "section_id", "status", "published_at")
        ]
        rows += [
            (
                field_label(Article, "tags"),
                ", ".join(sorted(names.tag(pk) for pk in snapshot.tag_ids)) or "—",
            ),
            (pgettext("story history", "Images"), len(snapshot.images)),
        ]
        context = self._context(
            request,
            title=_("Recover “%(story)s”") % {"story": version.object_repr},
            version=version,
            who=_who(version.revision),
            rows=rows,
            was_draft=snapshot.fields.get("status") == Article.Status.DRAFT,
            was_status=display_value("status", snapshot.fields.get("status"), names),
            recorded_notes=status_notes(as_draft, snapshot.fields),
            **(extra_context or {}),
        )
        return TemplateResponse(request, "admin/articles/article/recover.html", context)

    def _restore(self, request, version, *, failure_url, as_draft=False):
        before = Article.objects.filter(pk=version.object_id).first()
        try:
            with transaction.atomic():
                result = services.restore_version(version=version, by=request.user, as_draft=as_draft)
                # The restored slug may differ: the one it replaces keeps working as a redirect.
                services.record_slug(
                    obj=result.article,
                    old_slug=before.slug if before else None,
                    was_public=before is not None and is_public(before),
                )
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect(failure_url)
        article = result.article
        date = snapshots.revision_date(version.revision)
        self.log_change(request, article, _("Restored the version of %(date)s.") % {"date": date})
        self.message_user(
            request,
            _("“%(story)s” is back as it was on %(date)s. This restore is recorded in its history.")
            % {"story": article, "date": date},
            messages.SUCCESS,
        )
        for note in result.skipped:
            self.message_user(request, note, messages.WARNING)
        return redirect(self._url("change", quote(article.pk)))

    # --- the revision comment, stored as data (articles/history/comments.py) ---------------------

    def construct_change_message(self, request, form, formsets, add=False):
        request._gz_changed = (
            [name for name in form.changed_data if name in {f.name for f in self.model._meta.fields}],
            any(fs.new_objects or fs.changed_objects or fs.deleted_objects for fs in formsets or ()),
        )
        return super().construct_change_message(request, form, formsets, add)

    def _set_comment(self, request, event):
        if reversion.is_active():
            fields, images = getattr(request, "_gz_changed", ([], False))
            reversion.set_comment(comments.encode(event, fields=fields, images=images))

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._set_comment(request, comments.ADDED)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._set_comment(request, comments.CHANGED)
        return entry

    def delete_model(self, request, obj):
        recording.delete_with_snapshot(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            recording.delete_with_snapshot(obj, by=request.user)
