"""The translation queue page in the admin (its reads live in ``articles/translations/queue.py``)."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from articles.models import Section, Tag
from articles.translations.queue import authors_queue, names_queue, story_queue


def queue_view(model_admin, request):
    """The admin page (mounted by the story admin): readable by anyone who may view stories."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    stories = story_queue()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Translation queue"),
        "opts": model_admin.model._meta,
        "scheduled": stories["scheduled"],
        "planned": stories["planned"],
        "published": stories["published"],
        "authors": authors_queue(),
        "tags": names_queue(Tag),
        "sections": names_queue(Section),
        "media": model_admin.media,
    }
    return TemplateResponse(request, "admin/articles/translation_queue.html", context)
