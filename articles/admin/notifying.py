"""The story form's side of notifications: the story's state before the save, compared after it.

The images are saved after the story (``save_related``), so the comparison waits for them; the
mail itself is enqueued only once the form's transaction commits (``articles/notifications``).
"""

from articles.notifications.events import StoryState, state_of, story_changed

_BEFORE = "_guozhen_story_before"


class NotifyingAdminMixin:
    def save_model(self, request, obj, form, change):
        setattr(request, _BEFORE, state_of(obj) if change else StoryState(status=None))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, _BEFORE, None)
        if before is not None:
            story_changed(before=before, article=form.instance, by=request.user)
