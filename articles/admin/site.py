"""The admin site's own words (header, title, index heading) and strings of other apps we show.

Django's admin and the apps it hosts (taggit, reversion, axes, modeltranslation) ship no Simplified
Chinese for some strings our editors see; ``THIRD_PARTY`` marks them for ``makemessages`` so our
catalog keeps their translations (gettext looks in our ``locale/`` first).
"""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

admin.site.site_header = _("Guozhen newsroom")
admin.site.site_title = _("Guozhen newsroom")
admin.site.index_title = _("Stories, sections and tags")

# Apps whose names are not marked for translation (a plain string, or none at all).
for label, name in (("axes", _("Login protection")), ("django_tasks_database", _("Background tasks"))):
    if label in apps.app_configs:
        apps.app_configs[label].verbose_name = name

THIRD_PARTY = (
    # django.contrib.admin (app_list.html, new in Django 5.x, no zh_Hans yet)
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Model name"),
    # axes (no zh_Hans catalog)
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # django-tasks-db (no zh_Hans catalog)
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
)
