"""Never lose work: autosave into a per-user draft, offer it back on reopening, and say who else is here.

- The change form's script (``static/js/admin-editor.js``) posts the form's text fields to
  ``<id>/autosave/`` every 30 seconds and when the editor leaves a field, if they changed. The text
  goes into the user's own :class:`~articles.models.AutosaveDraft`: never over the story, never a
  revision, never seen by readers. Only fields of the user's own form are kept (a translator's
  autosave holds Chinese only).
- Reopening the story with an autosave that differs from it shows what differs, with "Restore"
  (a plain link: the form opens filled with the autosaved text, to be saved as usual) and "Discard".
- Saving the story deletes the user's autosave (and, unless they keep editing, their presence).
- Presence: opening the form, and the script every 30 seconds, note that the user has the story
  open (and a beacon when the page goes away ends it); whoever else had it open in the last two
  minutes is named on the form ("Li Na is editing this story since 10:32").
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import FilteredRelation, Q, Value
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.admin.lock_state import _text, clock_time
from articles.history.diff import _old_new, field_label, inline_diff
from articles.languages import STORY_TEXT_FIELDS, columns
from articles.models import Article, AutosaveDraft, EditingPresence
from articles.models.drafts import PRESENCE_WINDOW

AUTOSAVE_FIELDS = (*columns(STORY_TEXT_FIELDS), "source_name", "source_url")
AUTOSAVE_SECONDS = 30
RESTORE = "autosave"
_WITH_DRAFT = "_gz_read_story_with_draft"


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _presence_note(presence) -> str:
    return _("%(name)s is editing this story since %(time)s.") % {
        "name": _person(presence.user),
        "time": clock_time(presence.opened_at),
    }


def note_presence(article_id: int, user, presence=None) -> None:
    """Record that ``user`` has the story open now (a fresh visit after two minutes away starts anew).

    ``presence`` is the user's row when the caller has already read it.
    """
    now = timezone.now()
    if presence is None:
        presence, created = EditingPresence.objects.get_or_create(
            user=user, article_id=article_id, defaults={"opened_at": now, "seen_at": now}
        )
        if created:
            return
    if presence.seen_at < now - PRESENCE_WINDOW:
        presence.opened_at = now
    presence.seen_at = now
    presence.save(update_fields=["opened_at", "seen_at"])


def open_story(article_id: int, user) -> list[str]:
    """Note that ``user`` has the story open and say who else has: one read, then one write.

    The read brings the others who were here in the last two minutes and the user's own row.
    """
    rows = list(EditingPresence.objects.on_story_for(article_id, user))
    mine = next((p for p in rows if p.user_id == user.pk), None)
    note_presence(article_id, user, mine)
    return [_presence_note(p) for p in rows if p.user_id != user.pk]


def _count_attrs(name: str) -> dict:
    """Data attributes for the live count under a text field: words, or characters for Chinese."""
    if name.endswith("_zh_hans"):
        one, other = (ngettext("%(n)s character", "%(n)s characters", n) for n in (1, 2))
        return {"data-gz-count": "characters", "data-gz-count-one": one, "data-gz-count-other": other}
    one, other = (ngettext("%(n)s word", "%(n)s words", n) for n in (1, 2))
    return {"data-gz-count": "words", "data-gz-count-one": one, "data-gz-count-other": other}


class AutosaveAdminMixin:
    change_form_template = "admin/articles/article/change_form.html"

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin-editor.js"])

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in columns(STORY_TEXT_FIELDS):
            if name in form.base_fields:
                form.base_fields[name].widget.attrs.update(_count_attrs(name))
        return form

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/autosave/", wrap(self.autosave_view), name=f"{prefix}_autosave"),
            path(
                "<path:object_id>/autosave/discard/",
                wrap(self.discard_autosave_view),
                name=f"{prefix}_autosave_discard",
            ),
            path("<path:object_id>/presence/", wrap(self.presence_view), name=f"{prefix}_presence"),
            *super().get_urls(),
        ]

    def _editable(self, request, object_id) -> Article:
        if request.method != "POST":
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def autosave_fields(self, request, obj) -> list[str]:
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        form = self.get_form(request, obj, change=True, fields=fields)
        return [
            name
            for name in AUTOSAVE_FIELDS
            if name in form.base_fields and not form.base_fields[name].disabled
        ]

    def autosave_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._editable(request, object_id)
        fields = {
            name: request.POST[name] for name in self.autosave_fields(request, obj) if name in request.POST
        }
        draft, _created = AutosaveDraft.objects.update_or_create(
            user=request.user, article=obj, defaults={"fields": fields}
        )
        note_presence(obj.pk, request.user)
        return JsonResponse({"saved_at": clock_time(draft.saved_at)})

    def discard_autosave_view(self, request, object_id):
        obj = self._editable(request, object_id)
        AutosaveDraft.objects.filter(user=request.user, article=obj).delete()
        self.message_user(request, _("The autosaved text was discarded."), messages.INFO)
        return redirect(self._url("change", quote(obj.pk)))

    def presence_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._editable(request, object_id)
        if request.POST.get("leaving"):
            # The page is going away (the script's beacon on pagehide): not editing any more.
            EditingPresence.objects.filter(user=request.user, article=obj).delete()
            return JsonResponse({"others": []})
        return JsonResponse({"others": open_story(obj.pk, request.user)})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(request, _WITH_DRAFT, False):
            # The user's autosave comes in the story's own read: a join, as there is at most one.
            mine = FilteredRelation("autosaves", condition=Q(autosaves__user=request.user))
            queryset = queryset.annotate(gz_draft=mine, gz_draft_read=Value(True)).select_related("gz_draft")
        return queryset

    def _draft_changes(self, request, obj):
        if getattr(obj, "gz_draft_read", False):
            draft = getattr(obj, "gz_draft", None)  # no attribute when the join found no row
        else:
            draft = AutosaveDraft.objects.filter(user=request.user, article=obj).first()
        if draft is None:
            return None, []
        allowed = set(self.autosave_fields(request, obj))
        changes = []
        for name, value in draft.fields.items():
            stored = getattr(obj, name, None) or ""
            if name in allowed and _text(value) != _text(stored):
                long = max(len(stored), len(value)) > 80 and stored and value
                html = inline_diff(stored, value) if long else _old_new(stored, value)
                changes.append(
                    {"label": field_label(Article, name), "html": html, "name": name, "value": value}
                )
        return draft, changes

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        restoring = getattr(request, "_gz_restore_autosave", False)
        if obj is not None and restoring:
            _draft, changes = self._draft_changes(request, obj)
            for change in changes:
                setattr(obj, change["name"], change["value"])  # shown in the form, saved only by a save
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "GET":
            return super().change_view(request, object_id, form_url, extra_context)
        setattr(request, _WITH_DRAFT, True)
        try:
            obj = super().get_object(request, unquote(object_id))  # the copy the whole GET shares
        finally:
            setattr(request, _WITH_DRAFT, False)
        if obj is None or not self.has_change_permission(request, obj):
            return super().change_view(request, object_id, form_url, extra_context)
        draft, changes = self._draft_changes(request, obj)
        if draft is not None and not changes:
            draft.delete()  # nothing in it that the story does not hold
            draft = None
        restoring = draft is not None and request.GET.get(RESTORE) == "restore"
        request._gz_restore_autosave = restoring
        presence = open_story(obj.pk, request.user)
        context = {
            "gz_presence": presence,
            "gz_autosave": None if restoring or draft is None else {"draft": draft, "changes": changes},
            "gz_autosave_saved_at": clock_time(draft.saved_at) if draft else "",
            "gz_restored": restoring,
            "gz_autosave_url": self._url("autosave", quote(obj.pk)),
            "gz_discard_url": self._url("autosave_discard", quote(obj.pk)),
            "gz_presence_url": self._url("presence", quote(obj.pk)),
            "gz_autosave_fields": self.autosave_fields(request, obj),
            "gz_autosave_seconds": AUTOSAVE_SECONDS,
            # The script puts the time in place of %(time)s.
            "gz_saved_label": _("Autosaved at %(time)s (not saved to the story yet)."),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            AutosaveDraft.objects.filter(user=request.user, article=obj).delete()
            if "_continue" not in request.POST:
                # Saved and gone back to the list: no longer editing, so nobody is told otherwise.
                EditingPresence.objects.filter(user=request.user, article=obj).delete()
