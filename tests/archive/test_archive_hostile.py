"""Hostile archives (issue 22): broken zips, JSON that would exhaust memory, JSON fields of the
wrong shape, and pages that survive a malformed ``translation_sources`` already in the database."""

import json
import logging
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile
from hashlib import sha256

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from articles.models import Article, ArticleImage
from tests.archive.test_archive import db_state, media_files, read_zip, write_zip
from tests.factories import make_article, make_image, make_superuser, make_tag

pytestmark = pytest.mark.django_db

HEADER = '{"schema": "guozhen.stories", "version": 1, "sections": [], "tags": [], '


@pytest.fixture
def small_archive(tmp_path, media_root):
    """A real export of one story with a tag and one image, then the story removed again."""
    story = make_article(title_en="Archive hostility baseline", tags=[make_tag()], slug="baseline-story")
    make_image(story)
    path = tmp_path / "small.zip"
    call_command("export_stories", str(path), verbosity=0)
    Article.objects.all().delete()
    return path


def refused(path, media_root) -> str:
    """Import path, assert it was refused with nothing written, and return the one-line message."""
    before, files_before = db_state(), media_files(media_root)
    with pytest.raises(CommandError) as error:
        call_command("import_stories", str(path), verbosity=0)
    message = str(error.value)
    assert message.startswith("Import aborted, nothing was written.")
    assert "\n" not in message and "Traceback" not in message
    assert db_state() == before and media_files(media_root) == files_before
    return message


def document_of(path) -> dict:
    return json.loads(read_zip(path)["stories.json"])


def with_document(tmp_path, source, change, name="changed.zip"):
    files = read_zip(source)
    document = json.loads(files["stories.json"])
    change(document)
    files["stories.json"] = json.dumps(document).encode()
    return write_zip(tmp_path / name, files)


# --- 6. Malformed zips: one clear line each, nothing written -----------------------------------


def _patch(data: bytes, offset: int, new: bytes) -> bytes:
    return data[:offset] + new + data[offset + len(new) :]


def truncated(path, files):
    path.write_bytes(write_zip(path, files).read_bytes()[:-200])
    return path


def corrupt_deflate(path, files):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("stories.json")
    raw = path.read_bytes()
    name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    path.write_bytes(_patch(raw, start, b"\xff" * 16))  # block type 3 does not exist in deflate
    return path


def encrypted(path, files):
    """Set the "encrypted" bit of every member (zipfile's writer clears it, so patch the bytes)."""
    raw = bytearray(write_zip(path, files).read_bytes())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local, central headers
        at = raw.find(signature)
        while at != -1:
            raw[at + flag_offset] |= 0x1
            at = raw.find(signature, at + 4)
    path.write_bytes(bytes(raw))
    return path


def bad_crc(path, files):
    write_zip(path, files)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("stories.json")
    raw = path.read_bytes()
    name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    document = raw[start : start + info.compress_size]
    spot = document.index(b"Archive hostility baseline")
    path.write_bytes(_patch(raw, start + spot, b"Archive hostility BASELINE"))  # same length, same JSON shape
    return path


def duplicated_names(path, files):
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("stories.json", files["stories.json"].replace(b"baseline", b"replaced"))
    return path


def directory_for_a_file(path, files):
    document = json.loads(files["stories.json"])
    image = document["stories"][0]["images"][0]
    image["file"], image["sha256"] = "images/folder/", sha256(b"").hexdigest()
    files = {**files, "stories.json": json.dumps(document).encode()}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.mkdir("images/folder")
    return path


MALFORMED = [
    (truncated, "not a zip archive, or a truncated or damaged one"),
    (corrupt_deflate, "“stories.json” in the zip is damaged"),
    (encrypted, "is encrypted: archives are never encrypted"),
    (bad_crc, "“stories.json” in the zip is damaged (Bad CRC-32"),
    (duplicated_names, "the zip holds “stories.json” twice"),
    (directory_for_a_file, "field “file”: “images/folder/” is a folder, not a file"),
]


@pytest.mark.parametrize(("make", "expected"), MALFORMED, ids=[make.__name__ for make, _ in MALFORMED])
def test_each_malformed_zip_gets_one_clear_line(tmp_path, small_archive, media_root, make, expected):
    path = make(tmp_path / f"{make.__name__}.zip", read_zip(small_archive))
    assert expected in refused(path, media_root)


@pytest.mark.parametrize("make", [m for m, _ in MALFORMED[:5]], ids=[m.__name__ for m, _ in MALFORMED[:5]])
def test_the_command_line_shows_no_traceback(tmp_path, small_archive, make):
    path = make(tmp_path / f"{make.__name__}.zip", read_zip(small_archive))
    env = {**os.environ, "DJANGO_SQLITE_PATH": str(tmp_path / "unused.db"), "DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_stories", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("CommandError: Import aborted, nothing was written.")


@pytest.mark.parametrize("version", [True, 1.0, "1", None])
def test_version_must_be_the_integer_one(tmp_path, small_archive, media_root, version):
    path = with_document(tmp_path, small_archive, lambda d: d.update(version=version))
    assert "field “version”: archive version" in refused(path, media_root)


def test_the_small_archive_itself_imports(small_archive):
    call_command("import_stories", str(small_archive), verbosity=0)
    assert Article.objects.get(slug="baseline-story").title_en == "Archive hostility baseline"


# --- 5. Memory is bounded before the JSON is parsed --------------------------------------------


def bomb(tmp_path, stories: str, name: str):
    """A tiny zip whose document is mostly ``stories`` (it deflates a thousandfold)."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("stories.json", HEADER + '"stories": [' + stories + "]}")
    return path


BOMBS = {
    "many-objects": "{}," * 3_000_000 + "{}",
    "many-strings": '"a",' * 3_000_000 + '"a"',
    "deep-nesting": "[" * 200_000 + "]" * 200_000,
}


@pytest.mark.parametrize("kind", ["many-objects", "deep-nesting"])
def test_a_small_crafted_archive_is_refused_within_100_mb(tmp_path, media_root, kind):
    # Before the limits, json.loads() turned the 9 MB of "{}," (a 10 KB zip) into 3 million dicts:
    # over 300 MB; 200,000 nested lists raised RecursionError with a traceback.
    path = bomb(tmp_path, BOMBS[kind], f"{kind}.zip")
    assert path.stat().st_size < 40_000
    tracemalloc.start()
    try:
        message = refused(path, media_root)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
    expected = "is nested deeper than 12" if kind == "deep-nesting" else "holds more than 2000000 values"
    assert f"stories.json: the document {expected}" in message


def test_many_small_strings_are_counted_too(tmp_path, media_root):
    path = bomb(tmp_path, BOMBS["many-strings"], "many-strings.zip")
    assert "the document holds more than 2000000 values" in refused(path, media_root)


def test_the_limits_are_settings(tmp_path, small_archive, media_root, settings):
    settings.GUOZHEN_ARCHIVE_MAX_VALUES = 20
    assert "more than 20 values" in refused(small_archive, media_root)
    settings.GUOZHEN_ARCHIVE_MAX_VALUES, settings.GUOZHEN_ARCHIVE_MAX_DEPTH = 10_000, 3
    assert "nested deeper than 3 levels" in refused(small_archive, media_root)


def test_brackets_and_commas_inside_text_do_not_count(tmp_path, small_archive, settings):
    body = 'Quotes \\" and brackets {[,,,]} ' * 50
    path = with_document(
        tmp_path, small_archive, lambda d: d["stories"][0]["body"].update(en=json.loads(f'"{body}"'))
    )
    settings.GUOZHEN_ARCHIVE_MAX_VALUES, settings.GUOZHEN_ARCHIVE_MAX_DEPTH = 150, 7
    call_command("import_stories", str(path), verbosity=0)
    assert Article.objects.get(slug="baseline-story").body_en.startswith('Quotes " and brackets {[,,,]}')


# --- 2. JSON fields are checked against their schema; a stored bad value degrades ---------------

GOOD_HASH = "0" * 64


def _story_sources(value):
    return lambda d: d["stories"][0].update(translation_sources=value)


def _image_sources(value):
    return lambda d: d["stories"][0]["images"][0].update(translation_sources=value)


BAD_SOURCES = [
    (_story_sources(5), "field “translation_sources”: expected a JSON object"),
    (_story_sources([]), "field “translation_sources”: expected a JSON object"),
    (_story_sources({"title": 5}), "field “translation_sources.title”: expected an object with exactly"),
    (_story_sources({"title": {"hash": "x", "text": "y"}}), "field “translation_sources.title”"),
    (_story_sources({"title": {"hash": GOOD_HASH, "text": 7}}), "field “translation_sources.title”"),
    (
        _story_sources({"titel": {"hash": GOOD_HASH, "text": ""}}),
        "field “translation_sources.titel”: unknown",
    ),
    (_image_sources("oops"), "images[0], field “translation_sources”: expected a JSON object"),
    (_image_sources({"caption": {"hash": GOOD_HASH}}), "images[0], field “translation_sources.caption”"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_SOURCES)
def test_a_malformed_json_field_is_refused_naming_record_and_field(
    tmp_path, small_archive, media_root, change, expected
):
    message = refused(with_document(tmp_path, small_archive, change), media_root)
    assert "story “baseline-story” (stories[0])" in message
    assert expected in message


def test_well_formed_sources_still_import(tmp_path, small_archive):
    record = {"hash": sha256(b"Archive hostility baseline").hexdigest(), "text": "Archive hostility baseline"}
    path = with_document(tmp_path, small_archive, _story_sources({"title": record}))
    call_command("import_stories", str(path), verbosity=0)
    assert Article.objects.get(slug="baseline-story").translation_sources["title"] == record


MALFORMED_STORED = [5, [], "text", {"title": 5}, {"title": {"hash": None}}, {"title": {"text": 3, "hash": 1}}]


@pytest.mark.parametrize("value", MALFORMED_STORED, ids=[json.dumps(v) for v in MALFORMED_STORED])
def test_pages_survive_a_malformed_value_in_the_database(client, caplog, value):
    story = make_article(
        title_en="Malformed bookkeeping story", title_zh_hans="记录损坏的报道", body_zh_hans=""
    )
    image = make_image(story)
    Article.objects.filter(pk=story.pk).update(translation_sources=value)
    ArticleImage.objects.filter(pk=image.pk).update(translation_sources=value)
    client.force_login(make_superuser("desk-chief"))
    pages = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            pages += [story.get_absolute_url(), reverse("articles:index")]
    pages += [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_translation_queue"),
        reverse("admin:articles_article_change", args=[story.pk]),
    ]
    with caplog.at_level(logging.WARNING, logger="articles.translations.sources"):
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert (
                "记录损坏的报道" in response.content.decode()
                or "Malformed bookkeeping" in response.content.decode()
            )
    assert any("Malformed translation_sources on Article" in r.getMessage() for r in caplog.records)


def test_a_malformed_field_reads_as_missing_and_a_save_repairs_it():
    from articles.translations.status import MISSING, article_status

    story = make_article(title_en="Repair me story", title_zh_hans="修复我")
    Article.objects.filter(pk=story.pk).update(translation_sources={"title": "junk", "dek": 5})
    story = Article.objects.get(pk=story.pk)
    status = article_status(story)
    assert status.fields["title"] == MISSING and status.fields["dek"] == MISSING
    assert status.fields["body"] == "done"
    assert not status.complete
    story.save()
    story = Article.objects.get(pk=story.pk)
    assert story.translation_sources["title"]["text"] == "Repair me story"
    assert article_status(story).complete
