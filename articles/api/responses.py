"""JSON responses written directly, without a second pass through the response schemas.

The schemas (``schemas.py``) still describe every response in the OpenAPI document, and the tests
validate real responses against that document (openapi-core). Validating each response again at
run time with Pydantic cost about a fifth of the story list's time, for no reader's benefit.
"""

import json
from datetime import UTC, datetime
from functools import partial

from django.http import HttpResponse


def timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC to the second, e.g. 2026-12-02T03:48:12Z."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# The API's JSON: UTF-8 text as it is, no spaces.
to_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def json_response(data, *, lang: str, status: int = 200) -> HttpResponse:
    """``data`` as JSON in the language of ``?lang=`` (Content-Language; not Accept-Language's)."""
    return json_text_response(to_json(data), lang=lang, status=status)


def json_text_response(body: str, *, lang: str, status: int = 200) -> HttpResponse:
    """JSON text ``body`` (made with ``to_json``), as ``json_response`` sends it."""
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Content-Language"] = lang
    return response
