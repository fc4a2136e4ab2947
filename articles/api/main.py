"""The NinjaAPI instance: version 1, its routers, and errors as JSON ``{"status", "message"}``.

Bad input (a parameter of the wrong type or out of range, a bad cursor, an unknown filter) is a
400, never ninja's default 422; an unknown slug is a 404.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from articles.api import stories, taxonomy

api = NinjaAPI(
    title=f"{settings.GUOZHEN_SITE_NAME} API",
    version="1",
    description=(
        "Read-only, public and anonymous. Every translated field is "
        '`{"text", "lang", "fallback"}`: `lang` is the language of the text, and `fallback` is true '
        "when the language asked for with `?lang=` is missing and the English original is shown."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # ninja's Swagger page loads scripts from a CDN; see articles/api/docs.py
)
api.add_router("/", stories.router)
api.add_router("/", taxonomy.router)


def error(request, status: int, message: str):
    return api.create_response(request, {"status": status, "message": message}, status=status)


def _describe(problem: dict) -> str:
    where = ".".join(str(part) for part in problem.get("loc", ())[1:])
    where = where or pgettext("where an API error is", "request")
    return _("Invalid %(where)s: %(problem)s") % {"where": where, "problem": problem.get("msg", "")}


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    return error(request, 400, "; ".join(_describe(problem) for problem in exc.errors))


@api.exception_handler(HttpError)
def http_error(request, exc):
    return error(request, exc.status_code, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(request, 404, str(exc) or _("Not found."))
