"""The editor's story form: publish now, no empty saves, and what the save did to the body.

- **Publish now.** Published with no publish time means now (as WordPress and Ghost do), instead of
  the database's refusal.
- **No empty saves.** A save that changes nothing (form, tags, images) writes nothing: no revision,
  no new version, no "No fields changed" entry; the editor is told so.
- **Body warnings.** After a save, ``[image N]`` lines pointing at no image and markup the
  sanitiser removed are reported, with the field and the line (``articles.rendering.body_problems``).
- **Delete.** The confirmation lists the image files that the delete destroys.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.history.diff import field_label
from articles.images.storage import stored_names
from articles.languages import SUFFIXES
from articles.models import Article
from articles.rendering import body_problems

_FORMSETS = "_gz_formsets"
_NOTHING = "_gz_nothing_changed"


def publish_now_form(form_class):
    """Return the story form class in which Published with no publish time means now."""

    class Form(form_class):
        def clean(self):
            cleaned = super().clean()
            if (
                "published_at" in self.fields
                and cleaned.get("status") == Article.Status.PUBLISHED
                and not cleaned.get("published_at")
                and "published_at" not in self.errors
            ):
                cleaned["published_at"] = timezone.now().replace(microsecond=0)
            return cleaned

    Form.__name__ = form_class.__name__
    return Form


class EditorAdminMixin:
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return publish_now_form(form) if "status" in form.base_fields else form

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        setattr(request, _FORMSETS, formsets)  # save_model needs to know whether the images changed
        return formsets, inline_instances

    def _nothing_changed(self, request, form, change) -> bool:
        formsets = getattr(request, _FORMSETS, [])
        return change and not form.has_changed() and not any(f.has_changed() for f in formsets)

    def save_model(self, request, obj, form, change):
        if self._nothing_changed(request, form, change):
            setattr(request, _NOTHING, True)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, _NOTHING, False):
            return
        super().save_related(request, form, formsets, change)
        self._warn_about_body(request, form.instance)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, _NOTHING, False):
            return []  # the formsets were not saved, so they hold no new, changed or deleted objects
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, _NOTHING, False):
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not getattr(request, _NOTHING, False):
            return super().response_change(request, obj)
        self.message_user(request, _("Nothing changed, so nothing was saved."), messages.INFO)
        if "_continue" in request.POST or "_addanother" in request.POST:
            return HttpResponseRedirect(request.path)
        return self.response_post_save_change(request, obj)

    def _warn_about_body(self, request, article: Article) -> None:
        positions = {image.position for image in article.images.all()}
        for lang in SUFFIXES:
            name = f"body_{lang}"
            for problem in body_problems(getattr(article, name) or "", image_count=len(positions)):
                self.message_user(
                    request,
                    format_html("{}: {}", field_label(Article, name), problem),
                    messages.WARNING,
                )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms, protected = super().get_deleted_objects(objs, request)
        files = sorted({name for obj in objs for image in obj.images.all() for name in stored_names(image)})
        if files:
            label = _("Image file destroyed: %(name)s")
            deleted = [*deleted, *(label % {"name": name} for name in files)]
            counts = {**counts, _("image files"): len(files)}
        return deleted, counts, perms, protected
