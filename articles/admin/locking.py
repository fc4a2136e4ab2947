"""No lost updates: the story form carries the version it was loaded with, and the server checks it.

A save of the change form (POST) runs like this, in one transaction:

1. ``changeform_view`` locks the story's row (``SELECT ... FOR UPDATE``; on SQLite the IMMEDIATE
   transaction already serializes writers) and compares the form's hidden ``loaded_version`` with
   the stored ``version``.
2. Same version: the save goes ahead, and ``save_model`` moves the counter forward with a guarded
   ``UPDATE ... SET version = version + 1 WHERE pk = ? AND version = ?``.
3. Different version: someone saved since this user opened the form. The recorded state at the
   user's version (see ``articles.history.snapshots``) gives two sets of fields: *theirs* (changed since
   then) and *yours* (what this form changes relative to it).

   - Disjoint, e.g. an editor fixed the English headline while a translator wrote the Chinese body:
     the save goes ahead with only *your* fields; their changes stay. The user is told. Chinese
     saved this way is recorded as translated from the English the user loaded, so a Chinese
     field whose English changed meanwhile shows as outdated.
   - Overlapping, or the state at the user's version is unknown: nothing is saved. The form comes
     back with the user's input, their other changes filled in, an error on every field both
     changed (showing the current text) and the current version, so saving again after a look
     is a deliberate choice.

Images count as one field: a form that changed any image conflicts with anyone else's image change.

The translator's Chinese-only form (``articles/admin/translators.py``) goes through the same check:
``ArticleAdmin`` lists this mixin first, so it wraps whichever form the role gets.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from articles import services
from articles.admin.lock_state import (
    _LOCK,
    LOADED_VERSION,
    LockState,
    _display,
    _editors_since,
    _form_name,
    _is_text,
    _label,
    _text,
    changed_since,
    current_images_post,
    posted_images_differ,
)
from articles.history import snapshots
from articles.models import Article


class VersionCheckedFormMixin:
    """Form side of the check: decides merge or conflict field by field (see the module docstring)."""

    lock: LockState | None = None

    @cached_property
    def changed_data(self):
        """Like Django's, but a text whose only change is ``\\r\\n`` line breaks is unchanged."""
        return [
            name
            for name, bound in self._bound_items()
            if bound._has_changed()
            and not (_is_text(bound.field) and _text(bound.data) == _text(bound.initial))
        ]

    def clean(self):
        cleaned = super().clean()
        lock = self.lock
        if lock is None:
            return cleaned
        if lock.loaded is None:
            raise ValidationError(_("This form has lost its version number. Reload the page and try again."))
        if not lock.stale:
            return cleaned
        yours = self._changed_since_base(lock.base) if lock.base else None
        if yours is not None and lock.images_yours:
            yours.add("images")
        if lock.theirs is not None and yours is not None and not (yours & lock.theirs):
            for name in lock.theirs:
                cleaned.pop(name, None)  # keep their value: construct_instance skips absent fields
            self.__dict__["changed_data"] = sorted(n for n in yours if n in self.fields)
            lock.merged = set(lock.theirs)
            # This user translated the English they loaded; if it changed meanwhile, their Chinese
            # must show as outdated rather than as a translation of the new English.
            self.instance.translated_from(
                {
                    name: lock.base.fields.get(f"{name}_en") or ""
                    for name in Article.translation_source_fields
                    if f"{name}_en" in lock.theirs
                }
            )
            return cleaned
        self._refuse(lock, yours)
        return cleaned

    def _changed_since_base(self, base: snapshots.StorySnapshot) -> set[str]:
        values = {_form_name(a): v for a, v in base.fields.items()}
        instance = Article(**{a: base.fields[a] for a in snapshots.ARTICLE_FIELDS})
        base_form = type(self)(instance=instance, initial={"tags": sorted(base.tag_ids)})
        changed = set()
        for name, form_field in self.fields.items():
            if name == LOADED_VERSION or form_field.disabled:
                continue
            if _is_text(form_field):
                if _text(self[name].data) != _text(values.get(name)):
                    changed.add(name)
            elif form_field.has_changed(base_form[name].initial, self[name].data):
                changed.add(name)
        return changed

    def _refuse(self, lock: LockState, yours: set[str] | None) -> None:
        if lock.theirs is not None:
            theirs = lock.theirs
        else:  # unknown: every difference from the stored story may be theirs
            theirs = set(self.changed_data) - {LOADED_VERSION} | ({"images"} if lock.images_yours else set())
        both = (yours & theirs) if yours is not None else set(theirs)
        listed = ", ".join(_label(n) for n in sorted(theirs)) or _("nothing you can see in this form")
        self.add_error(
            None,
            _(
                "%(who)s saved this story after you opened it. Changed: %(fields)s. Nothing was saved. "
                "Your input is still in the form; their other changes are filled in. Check the marked "
                "fields, then save again."
            )
            % {"who": ", ".join(lock.editors), "fields": listed},
        )
        self.data = self.data.copy()
        for name in theirs - both:
            if name in self.fields:
                self._set_bound_value(name)
        for name in sorted(both):
            if name == "images":
                self.add_error(None, _("The images were changed too. Your image changes are kept below."))
            elif name in self.fields:
                now = _display(lock.current, name)
                self.add_error(name, _("Also changed meanwhile. Now: “%(value)s”.") % {"value": now})
        self.data[self.add_prefix(LOADED_VERSION)] = str(lock.current.version)

    def _set_bound_value(self, name: str) -> None:
        """Show the stored value of ``name`` in the re-rendered form instead of the stale input."""
        bound = self[name]
        widget = bound.field.widget
        value = bound.initial
        if isinstance(widget, forms.MultiWidget):
            for suffix, sub, part in zip(
                widget.widgets_names, widget.widgets, widget.decompress(value), strict=False
            ):
                self.data[bound.html_name + suffix] = sub.format_value(part) or ""
        elif isinstance(value, list | tuple):
            self.data.setlist(bound.html_name, [str(getattr(v, "pk", v)) for v in value])
        else:
            self.data[bound.html_name] = "" if value is None else str(bound.field.prepare_value(value))


class OptimisticLockAdminMixin:
    """Admin side: lock the row, read the posted version, keep the image inline consistent."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        if LOADED_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": (*options["fields"], LOADED_VERSION)}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if kwargs.get("fields"):
            kwargs["fields"] = [f for f in kwargs["fields"] if f != LOADED_VERSION]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not change:
            return form
        version_field = forms.IntegerField(
            widget=forms.HiddenInput, initial=obj.version, required=False, label=_("Version loaded")
        )
        attrs = {LOADED_VERSION: version_field, "lock": getattr(request, _LOCK, None)}
        return type(form.__name__, (VersionCheckedFormMixin, form), attrs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None or "_saveasnew" in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            try:
                current = self.model.objects.select_for_update().filter(pk=unquote(object_id)).first()
            except (ValueError, ValidationError):
                current = None
            if current is not None:
                setattr(request, _LOCK, self._lock_state(request, current))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _lock_state(self, request, current: Article) -> LockState:
        raw = request.POST.get(LOADED_VERSION, "")
        lock = LockState(current=current, loaded=int(raw) if raw.isdigit() else None)
        if lock.loaded is None or not lock.stale:
            return lock
        lock.editors = _editors_since(current.pk, lock.loaded)
        lock.base = snapshots.find_snapshot(current.pk, lock.loaded)
        now = snapshots.snapshot_of(current)
        # Without the state at the user's version, "yours" is measured against the current story.
        lock.images_yours = posted_images_differ(request.POST, request.FILES, (lock.base or now).images)
        if lock.base is not None:
            lock.theirs = changed_since(lock.base, now)
            if "images" in lock.theirs and not lock.images_yours:
                request.POST = current_images_post(request.POST, current)
        return lock

    def save_model(self, request, obj, form, change):
        lock = getattr(request, _LOCK, None)
        if change and lock is not None:
            services.claim_next_version(article=obj, expected_version=lock.current.version)
            if lock.merged:
                self.message_user(
                    request,
                    _("%(who)s changed %(fields)s meanwhile; your changes were saved on top of theirs.")
                    % {
                        "who": ", ".join(lock.editors),
                        "fields": ", ".join(_label(n) for n in sorted(lock.merged)),
                    },
                    messages.WARNING,
                )
        super().save_model(request, obj, form, change)
