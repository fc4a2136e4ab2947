"""Check API responses against the OpenAPI document the site publishes (openapi-core)."""

from functools import cache
from urllib.parse import parse_qs, urlsplit

from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse


@cache
def _spec(document: str) -> OpenAPI:
    import json

    return OpenAPI.from_dict(json.loads(document))


def published_spec(client) -> OpenAPI:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return _spec(response.content.decode())


def get_valid(client, url: str, *, status: int = 200):
    """GET ``url`` and raise unless the response has ``status`` and validates against the schema."""
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    parts = urlsplit(url)
    args = {key: values[0] for key, values in parse_qs(parts.query).items()}
    request = MockRequest("http://testserver", "get", parts.path, args=args)
    published_spec(client).validate_response(
        request, MockResponse(response.content, status_code=response.status_code)
    )
    return response
