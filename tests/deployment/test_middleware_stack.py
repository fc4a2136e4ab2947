"""config.stack.SiteMiddleware: the work of fifteen middlewares in one layer, seen from outside.

Each test names the stock middleware whose behaviour it pins, so that folding them cannot quietly
drop one: its headers, its redirects, its cookies, its checks.
"""

import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client

from tests.factories import make_article
from tests.production import ROOT, production_env

pytestmark = pytest.mark.django_db


def test_the_deployed_stack_is_one_layer():
    assert settings.MIDDLEWARE == ["config.stack.SiteMiddleware"]


def test_security_headers_on_a_page_and_hsts_only_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    plain = client.get("/robots.txt")
    secure = client.get("/robots.txt", secure=True)
    for response in (plain, secure):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in plain
    assert secure["Strict-Transport-Security"] == "max-age=3600"


def test_a_changed_setting_changes_the_headers(client, settings):
    settings.SECURE_REFERRER_POLICY = "no-referrer"
    settings.X_FRAME_OPTIONS = "SAMEORIGIN"
    response = client.get("/robots.txt")
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_header_the_view_set_is_kept(client):
    # The health check sets its own Cache-Control; the API docs page is framed by nobody either way.
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"


def test_static_files_get_the_security_headers(client, settings, tmp_path):
    css = client.get("/static/css/site.css")
    if css.status_code == 404:
        pytest.skip("static files are served by WhiteNoise only after collectstatic")
    assert css["X-Content-Type-Options"] == "nosniff"


def test_http_is_redirected_to_https_with_its_exemptions(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    redirect = client.get("/robots.txt?x=1")
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver/robots.txt?x=1"
    assert "X-Content-Type-Options" in redirect
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt", secure=True).status_code == 200


def test_language_comes_from_the_path_else_the_browser(client):
    article = make_article()
    english = client.get(article.get_absolute_url())
    assert english["Content-Language"] == "en"
    assert "Accept-Language" not in english.get("Vary", "")
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert chinese["Location"] == "/zh-hans/"
    assert chinese["Content-Language"] == "zh-hans"
    assert "Accept-Language" in chinese["Vary"]
    english_again = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert english_again["Content-Language"] == "en"


@pytest.mark.parametrize("path", ["/robots.txt", "/healthz", "/favicon.ico"])
def test_a_language_neutral_answer_neither_varies_by_nor_names_a_language(client, path):
    for browser in ("zh-CN,zh;q=0.9", "en-GB"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=browser)
        assert response.status_code in (200, 302)
        assert "Content-Language" not in response
        assert "Accept-Language" not in response.get("Vary", "")
        assert response["X-Content-Type-Options"] == "nosniff"  # the security headers all the same


def test_an_error_a_language_neutral_view_raises_still_names_its_language(client, settings):
    settings.GUOZHEN_INDEXNOW_KEY = ""
    missing = client.get("/0123456789abcdef.txt", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert missing.status_code == 404
    assert missing["Content-Language"] == "zh-hans"


def test_a_refused_host_is_refused_every_time_and_a_changed_setting_is_honoured(client, settings):
    settings.ALLOWED_HOSTS = ["good.example"]
    assert client.get("/robots.txt", HTTP_HOST="good.example").status_code == 200
    for _ in range(2):
        assert client.get("/robots.txt", HTTP_HOST="evil.example").status_code == 400
    settings.ALLOWED_HOSTS = ["evil.example"]
    assert client.get("/robots.txt", HTTP_HOST="good.example").status_code == 400
    assert client.get("/robots.txt", HTTP_HOST="evil.example").status_code == 200


def test_a_path_without_its_language_is_redirected_to_it(client):
    article = make_article()
    path = article.get_absolute_url().removeprefix("/en")
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_common_adds_the_slash_and_the_length(client):
    article = make_article()
    response = client.get(article.get_absolute_url().rstrip("/"))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    page = client.get(article.get_absolute_url())
    assert int(page["Content-Length"]) == len(page.content)


def test_a_bad_host_is_a_400_with_the_security_headers(client):
    response = client.get("/robots.txt", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_an_anonymous_reader_gets_no_session_and_no_vary_cookie(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert not response.cookies  # no session, no CSRF cookie
    assert not response.wsgi_request.session.accessed
    # A view that reads none of them never builds the session store, the user or the message
    # storage (config/lazy_request.py); a template's context processors do build the last two.
    robots = client.get("/robots.txt")
    assert not {"session", "user", "_messages"} & robots.wsgi_request.__dict__.keys()


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_login_sets_the_session_and_messages_reach_the_next_page(client):
    get_user_model().objects.create_superuser("boss", password="pw-12345678")
    page = client.get("/admin/login/")
    assert "csrftoken" in page.cookies
    response = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "pw-12345678"})
    assert response.status_code == 302
    assert settings.SESSION_COOKIE_NAME in response.cookies
    index = client.get("/admin/")
    assert index.status_code == 200
    assert index.wsgi_request.user.username == "boss"
    assert index["Cache-Control"].startswith("private") or "no-store" in index["Cache-Control"]


def test_a_broken_session_cookie_is_dropped(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "short"
    response = client.get("/admin/login/")
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""


def test_check_reports_a_stack_without_the_site_middleware(settings):
    settings.MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", "--fail-level", "ERROR")
    assert "guozhen.E001" in str(raised.value)


def test_check_deploy_still_judges_the_folded_security_settings(tmp_path):
    env = production_env(tmp_path, DJANGO_HSTS_SECONDS="0")
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "security.W004" in result.stderr + result.stdout
