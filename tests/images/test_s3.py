"""Media on S3-compatible storage, against a real S3 HTTP endpoint (moto's server, started here)."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from articles.images import stored_names
from articles.models import Article
from tests.factories import jpeg_bytes, make_section
from tests.production import ROOT

pytestmark = pytest.mark.django_db

KEYS = {"aws_access_key_id": "guozhen-test", "aws_secret_access_key": "guozhen-test-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    moto = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or shutil.which("moto_server")
    if not moto:
        pytest.fail("moto_server is missing: install the dev extra (pip install -e '.[dev]').")
    port = free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    server = subprocess.Popen([moto, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"moto_server did not start on port {port}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket, and django-storages pointed at it as config/settings.py does from AWS_* env."""
    name = f"guozhen-media-{uuid.uuid4().hex[:8]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "addressing_style": "path",
                "querystring_auth": False,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=86400"},
            },
        },
    }
    settings.MEDIA_URL = f"{s3_endpoint}/{name}/"
    yield client, name, f"{s3_endpoint}/{name}/"
    for item in client.list_objects_v2(Bucket=name).get("Contents", []):
        client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


def keys_in(client, name) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])}


def story_with_image(section):
    return {
        "title_en": "Satellite photos of a new data centre",
        "title_zh_hans": "新数据中心的卫星照片",
        "dek_en": "Images from orbit show the build.",
        "dek_zh_hans": "轨道图像显示了施工进度。",
        "body_en": "Construction is visible.\n\n[image 1]",
        "body_zh_hans": "施工清晰可见。\n\n[image 1]",
        "section": section.pk,
        "status": "published",
        "published_at_0": "2025-01-02",
        "published_at_1": "09:00:00",
        "slug": "satellite-photos-of-a-new-data-centre",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-image": SimpleUploadedFile("orbit.jpg", jpeg_bytes((320, 200)), "image/jpeg"),
        "images-0-position": "1",
        "images-0-alt_text_en": "Aerial view of the site",
        "images-0-alt_text_zh_hans": "工地鸟瞰图",
        "images-0-credit": "example.com",
    }


def test_upload_and_renditions_go_to_the_bucket_pages_link_there_delete_removes_them(
    bucket, admin_client, media_root, django_capture_on_commit_callbacks
):
    s3, name, base_url = bucket
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:articles_article_add"), story_with_image(make_section()))
    assert response.status_code == 302

    image = Article.objects.get(slug="satellite-photos-of-a-new-data-centre").images.get()
    keys = keys_in(s3, name)
    # The original and every rendition are in the bucket, read back over S3's HTTP API.
    assert image.image.name in keys
    assert stored_names(image) == keys and len(keys) > 1
    original = s3.get_object(Bucket=name, Key=image.image.name)
    assert original["Body"].read()[:2] == b"\xff\xd8"
    assert original["CacheControl"] == "public, max-age=86400"
    assert not any(media_root.rglob("*"))  # nothing was written to the local disk

    # Pages link to the bucket: the one image include every story page uses, and the admin.
    markup = Template("{% load reader %}{% picture image %}").render(Context({"image": image}))
    linked = set(re.findall(r"https?://[^\s\"]+", markup))
    assert linked and all(url.startswith(base_url) for url in linked)
    assert {url.removeprefix(base_url) for url in linked} <= keys
    change_page = admin_client.get(reverse("admin:articles_article_change", args=[image.article_id]))
    assert base_url in change_page.content.decode()

    # Deleting the story in the admin deletes the original and its renditions from the bucket.
    with django_capture_on_commit_callbacks(execute=True):
        deleted = admin_client.post(
            reverse("admin:articles_article_delete", args=[image.article_id]), {"post": "yes"}
        )
    assert deleted.status_code == 302
    assert keys_in(s3, name) == set()


def test_storage_failures_leave_no_story_behind(bucket, admin_client, settings):
    """With the bucket gone, the save fails and neither the story nor its image row is written."""
    s3, name, _ = bucket
    settings.STORAGES["default"]["OPTIONS"]["bucket_name"] = "no-such-bucket-anywhere"
    settings.STORAGES = dict(settings.STORAGES)
    admin_client.raise_request_exception = False
    response = admin_client.post(reverse("admin:articles_article_add"), story_with_image(make_section()))
    assert response.status_code == 500
    assert not Article.objects.filter(slug="satellite-photos-of-a-new-data-centre").exists()
    assert keys_in(s3, name) == set()


def test_settings_switch_media_to_the_bucket_from_the_environment(tmp_path):
    """AWS_* variables select django-storages, set MEDIA_URL and allow the bucket in the CSP."""
    code = (
        "import json; from django.conf import settings as s;"
        "print(json.dumps([s.STORAGES['default'], s.MEDIA_URL,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="auto",
        AWS_LOCATION="media",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    storage, media_url, img_src = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "newsroom-media"
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert media_url == "https://objects.example.net/newsroom-media/media/"
    assert img_src == ["'self'", "data:", "https://objects.example.net"]
