"""Production mode, run for real in subprocesses with the production environment.

Settings are read once at start-up, so every check here starts a fresh Python with
DJANGO_PRODUCTION=1 instead of overriding settings inside the test process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production import ROOT, manage, production_env


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {
            "DATABASE_URL": "postgres://guozhen@db.internal:5432/guozhen",
            "REDIS_URL": "redis://cache.internal:6379/0",
            "AWS_STORAGE_BUCKET_NAME": "guozhen-media",
            "AWS_S3_REGION_NAME": "eu-central-1",
            "DJANGO_ADMIN_URL": "desk-2f9/",
        },
    ],
    ids=["sqlite", "postgres-redis-s3"],
)
def test_check_deploy_reports_zero_issues(tmp_path, extra):
    result = manage(production_env(tmp_path, **extra), "check", "--deploy", "--fail-level", "DEBUG")
    # The four silenced are the "middleware not listed" warnings of the middlewares config/stack.py
    # folds in; config/checks.py runs the checks they guarded (test_middleware_stack.py).
    assert "System check identified no issues (4 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secret_or_hosts(tmp_path, missing, message):
    env = production_env(tmp_path)
    env[missing] = ""
    result = manage(env, "check", check=False)
    assert result.returncode != 0
    assert message in result.stderr


def test_gunicorn_config_reads_the_environment():
    env = {**os.environ, "GUNICORN_WORKERS": "3", "GUNICORN_BIND": "127.0.0.1:8123", "GUNICORN_TIMEOUT": "20"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "--print-config"]
        + ["config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = {
        line.split("=", 1)[0].strip(): line.split("=", 1)[1].strip()
        for line in result.stdout.splitlines()
        if "=" in line
    }
    assert config["workers"] == "3"
    assert config["bind"] == "['127.0.0.1:8123']"
    assert config["timeout"] == "20"
    assert config["accesslog"] == "-"


# One subprocess makes every request below through Django's test client, with production settings,
# a migrated SQLite database and collected static files.
PROBE = r"""
import json
from django.contrib.auth import get_user_model
from django.test import Client
from django.contrib.staticfiles.storage import staticfiles_storage

get_user_model().objects.create_superuser("chief", password="a long and unusual passphrase")
c = Client(HTTP_HOST="news.example.com")
hashed = staticfiles_storage.url("vendor/jquery-ui/jquery-ui.min.js")

def show(r):
    return {"status": r.status_code, "headers": dict(r.headers),
            "cookies": {k: dict(v.items()) | {"value": v.value} for k, v in r.cookies.items()},
            "body": r.content.decode(errors="replace")[:3000] if not r.streaming else ""}

out = {
    "hashed": hashed,
    "http_home": show(c.get("/en/")),
    "home": show(c.get("/en/", secure=True)),
    "healthz_http": show(c.get("/healthz")),
    "static_br": show(c.get(hashed, secure=True, headers={"accept-encoding": "gzip, br"})),
    "static_plain": show(c.get("/static/vendor/jquery-ui/jquery-ui.min.js", secure=True)),
    "login_form": show(c.get("/admin/login/", secure=True)),
}
token = c.cookies["csrftoken"].value
out["login"] = show(c.post("/admin/login/", {"username": "chief", "password": "a long and unusual passphrase",
                    "csrfmiddlewaretoken": token, "next": "/admin/"}, secure=True,
                    headers={"referer": "https://news.example.com/admin/login/"}))
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probe(tmp_path_factory, production_static_root):
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path, DJANGO_STATIC_ROOT=str(production_static_root))
    manage(env, "migrate", "--noinput", "-v", "0")
    result = manage(env, "shell", "--no-imports", "-c", PROBE)
    return json.loads(result.stdout.strip().splitlines()[-1]) | {"static_root": production_static_root}


def test_collectstatic_writes_hashed_and_compressed_files(probe):
    root = probe["static_root"]
    assert (root / "staticfiles.json").exists()
    hashed = probe["hashed"].removeprefix("/static/")
    assert hashed != "vendor/jquery-ui/jquery-ui.min.js"
    assert (root / hashed).exists()
    assert (root / (hashed + ".gz")).exists()
    assert (root / (hashed + ".br")).exists()


def test_hashed_static_files_are_immutable_and_compressed(probe):
    response = probe["static_br"]
    assert response["status"] == 200
    assert response["headers"]["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["headers"]["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["headers"]["Vary"]
    plain = probe["static_plain"]
    assert plain["status"] == 200
    assert "immutable" not in plain["headers"]["Cache-Control"]


def test_pages_link_hashed_static_files(probe):
    home = probe["home"]
    assert home["status"] == 200
    assert "/static/css/site.css" not in home["body"]
    assert "/static/css/site." in home["body"]


def test_https_is_enforced_with_hsts(probe):
    assert probe["http_home"]["status"] == 301
    assert probe["http_home"]["headers"]["Location"] == "https://news.example.com/en/"
    hsts = probe["home"]["headers"]["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert probe["healthz_http"]["status"] == 200  # load balancers probe over plain HTTP


def test_production_headers(probe):
    headers = probe["home"]["headers"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_secure_and_http_only(probe):
    csrf = probe["login_form"]["cookies"]["csrftoken"]
    assert csrf["secure"] is True and csrf["httponly"] is True
    assert probe["login"]["status"] == 302, probe["login"]["body"]
    session = probe["login"]["cookies"]["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"unhealthy: cache"


def test_healthz_reports_an_unreachable_database(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere")
    code = (
        "from django.test import Client; r = Client().get('/healthz', HTTP_HOST='news.example.com');"
        "print(r.status_code, r.content.decode())"
    )
    result = manage(env, "shell", "--no-imports", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == "503 unhealthy: database"
