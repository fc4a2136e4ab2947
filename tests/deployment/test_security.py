"""Security headers, the admin's login throttling, request size limits and the admin address."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleImage
from tests.factories import jpeg_bytes, make_article, make_image, make_section

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict_csp(response):
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "*" not in policy


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_reader_pages_send_strict_csp_and_security_headers(client):
    article = make_article()
    for path in ("/en/", article.get_absolute_url()):
        for _ in range(2):  # rendered, then from the page cache
            response = client.get(path)
            assert response.status_code == 200
            assert_strict_csp(response)
            assert_security_headers(response)


def test_admin_pages_send_the_same_csp(admin_client, client):
    article = make_article()
    make_image(article)
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_tag_add"),
    ]
    for path in pages:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert_strict_csp(response)
        assert_security_headers(response)
    assert_strict_csp(client.get(reverse("admin:login")))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_admin_and_reader_html_need_no_csp_exception(admin_client, client):
    """Django 5.2's admin and our templates use no inline script, style attribute or handler."""
    article = make_article()
    make_image(article)
    html_pages = [
        admin_client.get(reverse("admin:articles_article_change", args=[article.pk])),
        admin_client.get(reverse("admin:articles_article_add")),
        admin_client.get(reverse("admin:articles_article_changelist")),
        client.get(reverse("admin:login")),
        client.get("/en/"),
        client.get(article.get_absolute_url()),
    ]
    for response in html_pages:
        html = response.content.decode()
        assert not INLINE_SCRIPT.findall(html), response.wsgi_request.path
        assert not INLINE_STYLE.findall(html), response.wsgi_request.path
        assert not INLINE_HANDLER.findall(html), response.wsgi_request.path
        # Every script and stylesheet comes from this site (jQuery UI is vendored, not from a CDN).
        foreign = re.findall(r'(?:src|href)="(?:https?:)?//[^"]*\.(?:js|css)"', html)
        assert not foreign, response.wsgi_request.path


# --- Login throttling (django-axes) -------------------------------------------------------------


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user(
        "desk-editor", password="correct horse battery staple", is_staff=True, is_superuser=True
    )
    return user


def admin_login(client, username, password, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        headers=headers,
    )


def test_repeated_failures_lock_the_admin_login(client, editor, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = admin_login(client, "desk-editor", "wrong guess")
        assert response.status_code == 200  # the form again, with its error
        assert "_auth_user_id" not in client.session

    locked = admin_login(client, "desk-editor", "wrong guess")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed logins" in page
    assert "15 minutes" in page
    assert "no-store" in locked["Cache-Control"]

    # Even the right password is refused while locked, and no session is created.
    refused = admin_login(client, "desk-editor", "correct horse battery staple")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # The lock is kept in the database, so every app server enforces it.
    assert AccessAttempt.objects.filter(username="desk-editor", failures_since_start__gte=limit).exists()


def test_lockout_page_is_translated(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = admin_login(client, "desk-editor", "wrong guess", accept_language="zh-hans")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_lockout_ends_after_the_cool_off(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "desk-editor", "wrong guess")
    assert admin_login(client, "desk-editor", "correct horse battery staple").status_code == 429

    # Time passes: move the recorded failures back past the cool-off period.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=5)
    )
    response = admin_login(client, "desk-editor", "correct horse battery staple")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert not AccessAttempt.objects.filter(username="desk-editor").exists()  # reset on success


def test_lockout_is_per_account_and_address(client, editor, settings):
    get_user_model().objects.create_user("night-editor", password="another long passphrase", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "desk-editor", "wrong guess")
    assert admin_login(client, "night-editor", "another long passphrase").status_code == 302


def test_cool_off_and_limit_are_set():
    from django.conf import settings

    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.AXES_FAILURE_LIMIT == 5


# --- Request size ----------------------------------------------------------------------------


def test_body_limit_matches_the_image_rules(settings):
    assert settings.GUOZHEN_MAX_REQUEST_BYTES > settings.GUOZHEN_IMAGE_MAX_BYTES
    assert settings.GUOZHEN_MAX_REQUEST_BYTES <= 25 * 1024 * 1024


def test_oversized_upload_is_refused_and_nothing_is_saved(admin_client, settings):
    settings.GUOZHEN_MAX_REQUEST_BYTES = 50_000
    section = make_section()
    big = SimpleUploadedFile("huge.jpg", jpeg_bytes() + b"\0" * 60_000, "image/jpeg")
    data = {
        "title_en": "Story with an enormous picture",
        "dek_en": "Too big.",
        "body_en": "Body.",
        "section": section.pk,
        "status": "draft",
        "slug": "story-with-an-enormous-picture",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-image": big,
        "images-0-position": "1",
        "images-0-alt_text_en": "Huge",
        "images-0-credit": "example.com",
    }
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 413
    assert "at most 48.8\xa0KB" in response.content.decode()
    assert not Article.objects.exists()
    assert not ArticleImage.objects.exists()


def test_body_under_the_limit_goes_through(client):
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200


def test_default_limit_refuses_twenty_one_megabytes(client):
    response = client.generic(
        "POST", reverse("admin:login"), b"", content_type="application/octet-stream",
        CONTENT_LENGTH=str(21 * 1024 * 1024),
    )  # fmt: skip
    assert response.status_code == 413


# --- Admin address ---------------------------------------------------------------------------


def test_admin_url_is_configurable(tmp_path):
    code = (
        "from django.test import Client; c = Client();"
        "print(c.get('/newsdesk-7q/login/').status_code, c.get('/admin/login/').status_code)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ADMIN_URL": "/newsdesk-7q/",
        "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["200", "404"]
