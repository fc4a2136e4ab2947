"""The story form's saves tell the outside world too: the same events as the publishing services.

An editor may publish, schedule or unpublish by changing the status or the publish time in the
form, and a translator's save may complete the Chinese side; deleting a story readers can see
sends ``story.unpublished`` first. The story is read as the outside world
saw it before the save, and compared after the images and tags are saved, all inside the admin's
transaction (``services.record_story_changes``).
"""

from django.db import transaction

from articles import services

_BEFORE = "_guozhen_story_before_events"


class StoryEventsAdminMixin:
    def save_model(self, request, obj, form, change):
        setattr(request, _BEFORE, services.story_state(obj.pk if change else None))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, _BEFORE, None)
        if before is not None:
            services.record_story_changes(article=form.instance, before=before)

    def delete_model(self, request, obj):
        with transaction.atomic():
            services.record_story_removal(article=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                services.record_story_removal(article=obj)
            super().delete_queryset(request, queryset)
