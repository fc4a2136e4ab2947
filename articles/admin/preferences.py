"""The admin speaks each staff member's chosen language: the middleware, and the header's switch.

``activate_staff_language`` (run by ``config.stack`` once the user is known) activates the language a staff
member chose for every admin request, whatever the browser or the public site's cookie says; with
no choice made the admin follows the browser as before. ``switch_language`` records the choice.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from articles.languages import CODES
from articles.models import StaffPreference

SESSION_KEY = "_gz_admin_language"


def _is_admin(request) -> bool:
    return request.path_info.startswith(f"/{settings.ADMIN_URL}")


def activate_staff_language(request) -> None:
    """On an admin page, speak the language the staff member chose (``config.stack`` calls this)."""
    if _is_admin(request) and getattr(request, "user", None) and request.user.is_staff:
        # A choice is kept in the session once read, so later admin pages cost no query.
        language = request.session.get(SESSION_KEY)
        if not language:
            language = StaffPreference.objects.language_of(request.user)
            if language:
                request.session[SESSION_KEY] = language
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()


@require_POST
@staff_member_required
def switch_language(request):
    """Record the language the admin should speak to this staff member, then go back."""
    code = request.POST.get("language", "")
    if code in CODES:
        StaffPreference.objects.update_or_create(user=request.user, defaults={"language": code})
        request.session[SESSION_KEY] = code
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("admin:index")
    return HttpResponseRedirect(target)
