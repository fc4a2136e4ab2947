"""/api/v1/docs/: the API's endpoints and parameters as a plain page, built from the OpenAPI document.

Swagger UI and ReDoc load scripts and styles from a CDN, which our Content-Security-Policy forbids;
this page needs no script at all and links the schema for tools that render it.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.api.main import api


def _operations(schema: dict) -> list[dict]:
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "description": parameter.get("description", "")
                            or parameter.get("schema", {}).get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                }
            )
    return found


def docs(request):
    schema = api.get_openapi_schema()
    context = {
        "title": schema["info"]["title"],
        "description": schema["info"].get("description", ""),
        "operations": _operations(schema),
        "schema_url": reverse("api-v1:openapi-json"),
    }
    return render(request, "api/docs.html", context)


def not_found(request, rest=""):
    """Any other address under /api/v1/ answers JSON, as the endpoints do."""
    return JsonResponse({"status": 404, "message": _("There is no such API endpoint.")}, status=404)
