"""Colour profiles (issue 22): whatever an uploaded ICC profile carries never reaches a stored file.

A profile is a small file format of its own with room for private tags. The pipeline converts the
pixels from it to sRGB and embeds one standard sRGB profile instead of keeping the bytes.
"""

import io
import json
import struct
from hashlib import sha256

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageCms

from articles.images import stored_names
from articles.images.processing import SRGB_PROFILE, process
from articles.models import Article, ArticleImage
from tests.archive.test_archive import read_zip, write_zip
from tests.factories import (
    image_bytes,
    make_article,
    make_image,
    make_section,
    stored_files,
    story_post_with_images,
)
from tests.images.test_images import upload

pytestmark = pytest.mark.django_db

SECRET = b"GZ-SECRET-GPS 39.9075N 116.3972E"


def planted_profile(secret: bytes = SECRET) -> bytes:
    """A valid RGB (sRGB) profile with one extra private tag holding ``secret``."""
    base = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    (count,) = struct.unpack(">I", base[128:132])
    table = [struct.unpack(">4sII", base[132 + 12 * i : 144 + 12 * i]) for i in range(count)]
    body = base[132 + 12 * count :]
    body += b"\0" * (-len(body) % 4)
    payload = b"text\0\0\0\0" + secret + b"\0"
    entries = [(sig, offset + 12, size) for sig, offset, size in table]
    entries.append((b"gzsc", 132 + 12 * (count + 1) + len(body), len(payload)))
    profile = base[4:128] + struct.pack(">I", count + 1)
    profile += b"".join(struct.pack(">4sII", *entry) for entry in entries) + body + payload
    return struct.pack(">I", len(profile) + 4) + profile


def test_the_planted_profile_is_a_real_profile_carrying_the_secret():
    profile = planted_profile()
    assert SECRET in profile
    assert ImageCms.getOpenProfile(io.BytesIO(profile)).profile.xcolor_space.strip() == "RGB"
    assert SECRET in image_bytes((40, 30), icc_profile=profile)


def assert_clean(data: bytes, label: str):
    assert SECRET not in data, label
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.info.get("icc_profile") == SRGB_PROFILE, label  # (PNG: decompressed here)


def test_an_uploaded_profile_never_reaches_the_master_or_the_renditions(admin_client, media_root):
    data = image_bytes((1700, 1000), icc_profile=planted_profile())
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        story_post_with_images(make_section(), [{"image": upload(data)}]),
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    files = stored_files(media_root)
    assert len(files) == 1 + 3 * 3  # the master and nine renditions
    for name in files:
        assert_clean((media_root / name).read_bytes(), name)
    assert image.width == 1700


@pytest.mark.parametrize(("fmt", "mode"), [("JPEG", "RGB"), ("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB")])
def test_every_format_gets_the_standard_profile_and_keeps_its_colours(fmt, mode):
    colour = (200, 60, 30, 128) if mode == "RGBA" else (200, 60, 30)
    out = io.BytesIO()
    Image.new(mode, (64, 48), colour).save(out, fmt, icc_profile=planted_profile())
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as source:
        assert SECRET in source.info["icc_profile"]  # PNG compresses it, so look inside
    result = process(data)
    for encoded in [result.master, *result.renditions]:
        assert_clean(encoded.data, f"{encoded.kind} {encoded.width}")
    with Image.open(io.BytesIO(result.master.data)) as master:
        pixel = master.convert(mode).getpixel((10, 10))
    # The planted profile is sRGB underneath, so converting keeps the colour (within rounding).
    assert all(abs(a - b) <= 6 for a, b in zip(pixel, colour, strict=True)), pixel


def test_no_profile_stays_no_profile():
    result = process(image_bytes((64, 48)))
    for encoded in [result.master, *result.renditions]:
        with Image.open(io.BytesIO(encoded.data)) as picture:
            assert not picture.info.get("icc_profile")


def test_the_standard_profile_is_the_same_bytes_every_time():
    from articles.images.processing import _standard_srgb

    assert _standard_srgb() == SRGB_PROFILE
    assert ImageCms.getOpenProfile(io.BytesIO(SRGB_PROFILE)).profile.xcolor_space.strip() == "RGB"


def test_an_archived_master_with_a_planted_profile_is_rebuilt(tmp_path, media_root):
    story = make_article(slug="profiled-picture-story")
    make_image(story)
    call_command("export_stories", str(tmp_path / "one.zip"), verbosity=0)
    files = read_zip(tmp_path / "one.zip")
    document = json.loads(files["stories.json"])
    entry = document["stories"][0]["images"][0]
    planted = image_bytes((64, 48), icc_profile=planted_profile())
    files[entry["file"]], entry["sha256"] = planted, sha256(planted).hexdigest()
    files["stories.json"] = json.dumps(document).encode()
    Article.objects.all().delete()
    call_command("import_stories", str(write_zip(tmp_path / "planted.zip", files)), verbosity=0)
    image = ArticleImage.objects.get()
    assert (media_root / image.image.name).read_bytes() != planted
    names = stored_names(image)
    assert len(names) == 1 + 3  # the master and AVIF, WebP, JPEG at its own 64 px
    for name in names:
        assert_clean((media_root / name).read_bytes(), name)
