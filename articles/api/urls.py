"""The API's URLs, mounted at /api/v1/ outside i18n_patterns (the language is ``?lang=``)."""

from django.urls import path, re_path

from articles.api import docs
from articles.api.main import api

urlpatterns = [
    path("docs/", docs.docs, name="api-docs"),
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", docs.not_found),
]
