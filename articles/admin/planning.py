"""The planning calendar in the admin: week and month views, in the user's time zone, with filters.

Plain links and a GET form (no script): every control is reachable with the keyboard, and the
days are a table with a header per weekday. The reads live in ``articles/planning/calendar.py``.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin.my_settings import my_settings_view, new_feed_view
from articles.admin.shared_reads import share_choices
from articles.models import Section, UserPreferences
from articles.planning import calendar as planning


def staff_users():
    return get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")


class CalendarFilterForm(forms.Form):
    view = forms.ChoiceField(
        label=gettext_lazy("View"),
        choices=[(planning.WEEK, gettext_lazy("Week")), (planning.MONTH, gettext_lazy("Month"))],
        required=False,
    )
    date = forms.DateField(
        label=gettext_lazy("Around"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    section = forms.ModelChoiceField(Section.objects.all(), label=gettext_lazy("Section"), required=False)
    writer = forms.ModelChoiceField(staff_users(), label=gettext_lazy("Writer"), required=False)
    translator = forms.ModelChoiceField(staff_users(), label=gettext_lazy("Translator"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets are evaluated per request, so new staff users show up without a restart; the
        # two lists are the same rows, read once.
        reads = {}
        for name in ("writer", "translator"):
            self.fields[name].queryset = staff_users()
            share_choices(self.fields[name], reads)


def user_zone(user) -> ZoneInfo:
    try:
        return ZoneInfo(UserPreferences.for_user(user).time_zone)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def calendar_view(model_admin, request):
    """The calendar page (mounted by the story admin): for anyone who may view stories."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    zone = user_zone(request.user)
    form = CalendarFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    view = values.get("view") or planning.WEEK
    anchor: date = values.get("date") or timezone.localtime(timezone.now(), zone).date()
    weeks = planning.calendar_weeks(
        view=view,
        anchor=anchor,
        zone=zone,
        section=values.get("section"),
        writer=values.get("writer"),
        translator=values.get("translator"),
    )
    previous, following = planning.neighbours(view, anchor)
    query = request.GET.copy()

    def link(to: date | None, as_view: str | None = None) -> str:
        query["date"] = to.isoformat() if to else ""
        query["view"] = as_view or view
        return "?" + query.urlencode()

    _first, _last, period_first, period_last = planning.days_shown(view, anchor)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Planning calendar"),
        "opts": model_admin.model._meta,
        "form": form,
        "view": view,
        "weeks": weeks,
        "weekdays": [WEEKDAYS[i] for i in range(7)],
        "period_first": period_first,
        "period_last": period_last,
        "zone": str(zone),
        "previous_url": link(previous),
        "next_url": link(following),
        "today_url": link(None),
        "week_url": link(anchor, planning.WEEK),
        "month_url": link(anchor, planning.MONTH),
        "entry_count": sum(len(day.entries) for week in weeks for day in week),
    }
    response = TemplateResponse(request, "admin/articles/planning_calendar.html", context)
    with timezone.override(zone):
        return response.render()


class PlanningAdminMixin:
    """Mounts the calendar and the user's own settings page under the story admin."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("calendar/", wrap(lambda request: calendar_view(self, request)), name="articles_calendar"),
            path(
                "my-settings/",
                wrap(lambda request: my_settings_view(self, request)),
                name="articles_my_settings",
            ),
            path(
                "my-settings/feed/",
                wrap(lambda request: new_feed_view(self, request)),
                name="articles_calendar_token",
            ),
            *super().get_urls(),
        ]
