"""Each staff user's own settings page: mail language and time zone, which mail they get, iCal feed."""

import zoneinfo

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles import services
from articles.models import UserPreferences

ZONES = sorted(zoneinfo.available_timezones())


class PreferencesForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=[(zone, zone) for zone in ZONES])

    class Meta:
        model = UserPreferences
        fields = ["language", "time_zone", "notify_review", "notify_outdated", "notify_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_field = UserPreferences._meta.get_field("time_zone")
        self.fields["time_zone"].label = model_field.verbose_name.capitalize()
        self.fields["time_zone"].help_text = model_field.help_text


def _page(request) -> str:
    return reverse("admin:articles_my_settings")


def my_settings_view(model_admin, request):
    """Show and save the user's settings (every staff user may change their own)."""
    preferences = UserPreferences.for_user(request.user)
    form = PreferencesForm(request.POST or None, instance=preferences)
    if request.method == "POST" and form.is_valid():
        form.save()
        model_admin.message_user(request, _("Your settings were saved."), messages.SUCCESS)
        return redirect(_page(request))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("My settings"),
        "opts": model_admin.model._meta,
        "form": form,
        "has_feed": bool(preferences.calendar_token_hash),
    }
    return TemplateResponse(request, "admin/articles/my_settings.html", context)


def new_feed_view(model_admin, request):
    """Make a new feed URL (shown once) or, with ``revoke``, stop the current one."""
    if request.method != "POST":
        raise PermissionDenied
    if "revoke" in request.POST:
        services.revoke_calendar_token(user=request.user)
        model_admin.message_user(request, _("Your calendar feed URL was revoked."), messages.SUCCESS)
    else:
        token = services.new_calendar_token(user=request.user)
        url = request.build_absolute_uri(reverse("calendar-feed", kwargs={"token": token}))
        model_admin.message_user(
            request,
            format_html(
                '{} <a class="gz-feed-url" href="{}">{}</a>',
                _(
                    "Your new calendar feed URL (the old one no longer works). "
                    "Copy it now: it is shown only once."
                ),
                url,
                url,
            ),
            messages.SUCCESS,
        )
    return redirect(_page(request))
