"""Safe uploads: bad files are refused through the admin form with nothing left behind, and what is
stored is re-encoded without location or camera metadata."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from articles.images import discard_new_files_on_error, stored_names, validate_image_upload
from articles.images.processing import SRGB_PROFILE
from articles.models import Article, ArticleImage
from tests.factories import (
    image_bytes,
    make_article,
    make_image,
    make_section,
    make_uploaded_image,
    stored_files,
    story_post_with_images,
)

pytestmark = pytest.mark.django_db

SECRETS = (b"GZ-SECRET-CAM", b"GZ-SECRET-MAKERNOTE", b"GZ-SECRET-XMP", b"GZ-SECRET-COMMENT")


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


def inline_errors(response) -> str:
    formset = response.context["inline_admin_formsets"][0].formset
    return " ".join(
        str(message) for form_errors in formset.errors for message in form_errors.get("image", [])
    )


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, valid-looking PNG whose header claims width x height (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 65536, 9)  # a megabyte of zeros would still fit in a few hundred bytes
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def noisy_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((320, 240), 50).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.js", "alert(document.cookie)")
    return out.getvalue()


BAD_FILES = {
    "bomb": (png_declaring(100_000, 100_000), "10000 megapixels, far over the limit of 40 megapixels"),
    "over the pixel limit": (
        png_declaring(8000, 6000),
        "8000 × 6000 pixels (48 megapixels); the limit is 40",
    ),
    "svg named .jpg": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
        "not a JPEG, PNG, WebP, GIF or AVIF image, whatever its name says",
    ),
    "html named .jpg": (
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        "not a JPEG, PNG, WebP, GIF or AVIF image",
    ),
    "pdf named .jpg": (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "not a JPEG, PNG"),
    "executable named .jpg": (
        b"MZ\x90\x00\x03" + b"\x00" * 500 + b"This program cannot be run",
        "not a JPEG",
    ),
    "truncated jpeg": (noisy_jpeg()[:6000], "damaged or incomplete"),
    "jpeg + html polyglot": (noisy_jpeg() + b"<html><script>alert(1)</script></html>", "other content (HTML"),
    "jpeg + zip polyglot": (noisy_jpeg() + zip_archive(), "other content (ZIP)"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_refused_by_the_admin_and_leaves_nothing(admin_client, media_root, case):
    data, message = BAD_FILES[case]
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        story_post_with_images(make_section(), [{"image": upload(data)}]),
    )
    assert response.status_code == 200
    assert message in inline_errors(response)
    assert message.split(",")[0] in response.content.decode()  # the editor sees it on the page
    assert stored_files(media_root) == set()
    assert not Article.objects.exists() and not ArticleImage.objects.exists()


def test_oversize_file_names_the_byte_limit(admin_client, media_root, settings):
    settings.GUOZHEN_IMAGE_MAX_BYTES = 10_000
    data = noisy_jpeg()
    assert len(data) > 10_000
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        story_post_with_images(make_section(), [{"image": upload(data)}]),
    )
    errors = inline_errors(response)
    assert "the limit for images is 9.8\xa0KB" in errors
    assert stored_files(media_root) == set()
    assert not Article.objects.exists() and not ArticleImage.objects.exists()


def test_one_bad_image_fails_the_whole_story_form(admin_client, media_root):
    good = {"image": upload(image_bytes((300, 200)))}
    bad = {"image": upload(b"<html><body>not a picture</body></html>")}
    response = admin_client.post(
        reverse("admin:articles_article_add"), story_post_with_images(make_section(), [good, bad])
    )
    assert response.status_code == 200
    assert stored_files(media_root) == set()
    assert not Article.objects.exists() and not ArticleImage.objects.exists()


def test_error_messages_are_translated(admin_client, media_root):
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        story_post_with_images(make_section(), [{"image": upload(png_declaring(8000, 6000))}]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    errors = inline_errors(response)
    assert "8000 × 6000 像素（48 百万像素），超过了 40 百万像素的上限" in errors
    assert "megapixels" not in errors
    assert stored_files(media_root) == set()


@pytest.mark.parametrize("missing", ["alt_text_en", "credit"])
def test_english_alt_text_and_credit_are_required(admin_client, media_root, missing):
    fields = {"image": upload(image_bytes()), missing: ""}
    response = admin_client.post(
        reverse("admin:articles_article_add"), story_post_with_images(make_section(), [fields])
    )
    formset = response.context["inline_admin_formsets"][0].formset
    assert missing in formset.errors[0]
    assert stored_files(media_root) == set()
    assert not Article.objects.exists()


def test_chinese_alt_text_and_caption_are_optional(admin_client):
    fields = {"image": upload(image_bytes()), "alt_text_zh_hans": "", "caption_zh_hans": ""}
    response = admin_client.post(
        reverse("admin:articles_article_add"), story_post_with_images(make_section(), [fields])
    )
    assert response.status_code == 302
    assert not ArticleImage.objects.get().alt_text_zh_hans


def gps_tagged_jpeg(icc: bytes, orientation: int | None) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "GZ-SECRET-CAM"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 27.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (116.0, 23.0, 30.0)
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.MakerNote] = b"GZ-SECRET-MAKERNOTE"
    return image_bytes(
        (1200, 900),
        exif=exif,
        icc_profile=icc,
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GZ-SECRET-XMP</x:xmpmeta>',
        comment=b"GZ-SECRET-COMMENT",
    )


@pytest.mark.parametrize("orientation", [6, None])  # 6: stored sideways, the camera was turned
def test_uploaded_gps_and_camera_data_are_in_no_stored_file(admin_client, media_root, orientation):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = gps_tagged_jpeg(icc, orientation)
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file really carries GPS
    assert all(secret in data for secret in SECRETS)

    response = admin_client.post(
        reverse("admin:articles_article_add"),
        story_post_with_images(make_section(), [{"image": upload(data)}]),
    )
    assert response.status_code == 302

    image = ArticleImage.objects.get()
    files = stored_files(media_root)
    assert files == stored_names(image)
    # The master, plus AVIF, WebP and JPEG at 480 and 900 px (upright) or 480, 960 and 1200 px.
    assert len(files) == 1 + 3 * (2 if orientation else 3)
    for name in files:
        stored = (media_root / name).read_bytes()
        assert not any(secret in stored for secret in SECRETS), name
        picture = Image.open(io.BytesIO(stored))
        exif = picture.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo) and ExifTags.Base.Make not in exif, name
        assert "xmp" not in picture.info and "comment" not in picture.info, name
        assert picture.info.get("icc_profile") == SRGB_PROFILE, name  # converted to the standard sRGB
        # The orientation is applied to the pixels (and no EXIF is left to rotate them again).
        assert (picture.width < picture.height) == bool(orientation), name
    assert (image.width, image.height) == ((900, 1200) if orientation else (1200, 900))


def test_content_decides_the_format_not_the_name(admin_client, media_root):
    png_named_jpg = upload(image_bytes((200, 100), fmt="PNG"), name="chart.jpg")
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        story_post_with_images(make_section(), [{"image": png_named_jpg}]),
    )
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert image.image.name.endswith(".png")  # screenshots and charts stay lossless


@pytest.mark.parametrize(
    ("fmt", "mode", "fallback"),
    [
        ("GIF", "P", "jpeg"),
        ("WEBP", "RGB", "jpeg"),
        ("AVIF", "RGB", "jpeg"),
        ("PNG", "RGBA", "png"),  # transparency survives: the fallback is PNG, not JPEG
        ("PNG", "LA", "png"),
        ("JPEG", "CMYK", "jpeg"),
        ("JPEG", "L", "jpeg"),
        ("PNG", "I;16", "jpeg"),
    ],
)
def test_accepted_formats_and_modes_make_renditions(media_root, fmt, mode, fallback):
    size = (120, 90)
    if mode in ("RGBA", "LA"):
        picture = Image.new(mode, size, (40, 0) if mode == "LA" else (200, 40, 40, 0))
        out = io.BytesIO()
        picture.save(out, fmt)
        data = out.getvalue()
    else:
        data = image_bytes(size, fmt=fmt, mode=mode)
    image = make_uploaded_image(make_article(), data)
    assert image.renditions["formats"][-1] == fallback
    assert stored_files(media_root) == stored_names(image)
    assert (image.width, image.height) == size


def test_saving_a_bad_file_in_code_raises_and_stores_nothing(media_root):
    """The import path: the model refuses what the admin form refuses, before anything is stored."""
    article = make_article()
    image = ArticleImage(
        article=article,
        image=ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name="logo.jpg"),
        alt_text_en="Logo",
        credit="example.com",
    )
    with pytest.raises(ValidationError) as caught:
        image.save()
    assert caught.value.code == "not_an_image"
    assert stored_files(media_root) == set()
    assert not ArticleImage.objects.exists()


def test_validate_image_upload_is_reusable_for_imports(settings):
    assert validate_image_upload(ContentFile(image_bytes(), name="x")).format == "JPEG"
    settings.GUOZHEN_IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(ContentFile(image_bytes((64, 48)), name="x.jpg"))
    assert caught.value.code == "too_many_pixels"
    assert "(0.003 megapixels); the limit is 0.001 megapixels" in caught.value.messages[0]


def test_files_of_a_failed_unit_of_work_are_removed(media_root):
    article = make_article()
    with pytest.raises(RuntimeError), transaction.atomic(), discard_new_files_on_error():
        make_image(article, position=1)
        make_image(article, position=2)
        assert len(stored_files(media_root)) == 8
        raise RuntimeError("the import failed after two images")
    assert stored_files(media_root) == set()
    assert not ArticleImage.objects.exists()


def test_an_ordinary_upload_is_re_encoded_even_when_it_is_already_clean(media_root):
    """Only a story archive's file may be kept byte for byte (tests/archive/test_archive.py)."""
    from articles.images import clean_master_kind

    clean = image_bytes((320, 240), quality=100)  # no metadata, but not the master's quality
    assert clean_master_kind(clean) == "jpeg"
    image = make_uploaded_image(make_article(), clean)
    stored = (media_root / image.image.name).read_bytes()
    assert stored != clean and len(stored) < len(clean)
