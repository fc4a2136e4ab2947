"""The admin's own 403 and 404 pages: in the admin's language, inside its frame, with a way back.

``config.urls`` points Django's ``handler403`` / ``handler404`` at :func:`permission_denied` and
:func:`page_not_found`; requests outside the admin get the public site's pages as before.
"""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults


def in_admin(request) -> bool:
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


def _admin_error(request, *, status: int, title: str, message: str):
    context = {**admin.site.each_context(request), "title": title, "message": message}
    return render(request, "admin/error.html", context, status=status)


def page_not_found(request, exception):
    if not in_admin(request):
        return defaults.page_not_found(request, exception)
    return _admin_error(
        request,
        status=404,
        title=_("Page not found"),
        message=_("This admin page does not exist, or what it showed has been deleted."),
    )


def permission_denied(request, exception):
    if not in_admin(request):
        return defaults.permission_denied(request, exception)
    return _admin_error(
        request,
        status=403,
        title=_("Not allowed"),
        message=_("Your account may not open this page or make this change. Ask an editor if you need it."),
    )
