"""The admin site's own words (header, title, index heading) and strings of other apps we show.

Django's admin and the apps it hosts (taggit, reversion, axes, modeltranslation) ship no Simplified
Chinese for some strings our editors see; ``THIRD_PARTY`` marks them for ``makemessages`` so our
catalog keeps their translations (gettext looks in our ``locale/`` first).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

admin.site.site_header = _("Guozhen newsroom")
admin.site.site_title = _("Guozhen newsroom")
admin.site.index_title = _("Stories, sections and tags")

THIRD_PARTY = (
    # django.contrib.admin (app_list.html, new in Django 5.x, no zh_Hans yet)
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Model name"),
)
