"""Every API response validates against the published OpenAPI document, in both languages."""

import pytest
from django.conf import settings

from tests.api.openapi import get_valid
from tests.factories import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db

LANGS = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def stories():
    tag = make_tag(name_zh_hans="")
    section = make_section()
    full = make_article(title_en="Lidar maps the delta", section=section, tags=[tag])
    make_image(full, position=1)
    make_image(full, position=2, caption_zh_hans="", caption_en="")
    english_only = make_article(
        title_en="Drones survey wheat",
        title_zh_hans="",
        body_zh_hans="",
        why_it_matters_en="",
        section=section,
    )
    return full, english_only, tag, section


@pytest.mark.parametrize("lang", LANGS)
def test_every_endpoint_validates(client, stories, lang):
    full, english_only, tag, section = stories
    listed = get_valid(client, f"/api/v1/stories?lang={lang}&limit=1").json()
    assert listed["lang"] == lang
    assert listed["next_cursor"]
    get_valid(client, f"/api/v1/stories?lang={lang}&limit=1&cursor={listed['next_cursor']}")
    get_valid(client, f"/api/v1/stories?lang={lang}&section={section.slug}&tag={tag.slug}")
    get_valid(client, f"/api/v1/stories?lang={lang}&updated_since=2020-01-01T00:00:00Z")
    for article in (full, english_only):
        get_valid(client, f"/api/v1/stories/{article.slug}?lang={lang}")
    get_valid(client, f"/api/v1/sections?lang={lang}")
    get_valid(client, f"/api/v1/tags?lang={lang}")
    assert get_valid(client, f"/api/v1/search?q=lidar&lang={lang}").json()["total"] == 1


@pytest.mark.parametrize("lang", LANGS)
def test_errors_validate(client, stories, lang):
    draft = make_article(status="draft")
    get_valid(client, f"/api/v1/stories/{draft.slug}?lang={lang}", status=404)
    get_valid(client, f"/api/v1/stories/no-such-story?lang={lang}", status=404)
    get_valid(client, f"/api/v1/stories?lang={lang}&cursor=not-a-cursor", status=400)
    get_valid(client, f"/api/v1/stories?lang={lang}&limit=101", status=400)
    get_valid(client, f"/api/v1/stories?lang={lang}&section=no-such-section", status=400)
    get_valid(client, f"/api/v1/search?lang={lang}", status=400)
    get_valid(client, "/api/v1/sections?lang=fr", status=400)


def test_document_is_openapi_3_with_every_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/stories",
        "/api/v1/stories/{slug}",
        "/api/v1/sections",
        "/api/v1/tags",
        "/api/v1/search",
    }
    text = document["components"]["schemas"]["Text"]
    assert set(text["required"]) == {"text", "lang", "fallback"}


def test_docs_page_works_under_the_csp(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/api/v1/openapi.json"' in html
    assert "/api/v1/stories/{slug}" in html
    # Nothing the Content-Security-Policy would block: no script at all, no inline style, no CDN.
    assert "<script" not in html
    assert "style=" not in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_check_rejects_a_response_that_breaks_the_schema(client):
    from openapi_core.testing import MockRequest, MockResponse

    from tests.api.openapi import published_spec

    request = MockRequest("http://testserver", "get", "/api/v1/stories", args={})
    with pytest.raises(Exception, match="(?i)invalid|validat"):
        published_spec(client).validate_response(request, MockResponse(b'{"lang": "en", "items": 3}'))
