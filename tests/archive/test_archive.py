"""export_stories / import_stories through the management commands: round trip, idempotence, refusals."""

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from PIL import ExifTags, Image, PngImagePlugin
from reversion.models import Revision, Version

from articles.history import comments
from articles.models import Article, ArticleImage, Section, Tag
from tests.factories import (
    image_bytes,
    make_article,
    make_image,
    make_superuser,
    make_tag,
    make_uploaded_image,
    stored_files,
)
from tests.images.test_images import SECRETS, gps_tagged_jpeg

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_picture_encodings")]


def read_zip(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_zip(path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return Path(path)


def media_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def db_state():
    stories = sorted(Article.objects.values_list("slug", "title_en", "title_zh_hans", "version"))
    return (
        stories,
        sorted(Section.objects.values_list("slug", "name_en")),
        sorted(Tag.objects.values_list("slug", "name_en")),
        sorted(ArticleImage.objects.values_list("image", "caption_en")),
        Revision.objects.count(),
    )


def export(path) -> dict[str, bytes]:
    call_command("export_stories", str(path), verbosity=0)
    return read_zip(path)


def edited(tmp_path, source, change, name="edited.zip") -> Path:
    """A copy of the archive with its JSON document changed by ``change(document)``."""
    files = read_zip(source)
    document = json.loads(files["stories.json"])
    change(document)
    files["stories.json"] = json.dumps(document, ensure_ascii=False).encode()
    return write_zip(tmp_path / name, files)


@pytest.fixture
def demo_archive(tmp_path):
    call_command("load_demo", no_accounts=True, verbosity=0)
    path = tmp_path / "demo.zip"
    export(path)
    return path


def test_round_trip_of_the_demo_gives_the_same_json_and_image_bytes(tmp_path, demo_archive, media_root):
    first = read_zip(demo_archive)
    document = json.loads(first["stories.json"])
    assert document["schema"] == "guozhen.stories" and document["version"] == 1
    story = next(s for s in document["stories"] if s["images"])
    assert set(story["title"]) == {"en", "zh-hans"} and story["title"]["zh-hans"]
    assert story["images"][0]["file"] in first and story["images"][0]["alt_text"]["en"]
    assert {s["status"] for s in document["stories"]} >= {"published", "draft"}

    # An empty database and an empty media folder.
    Article.objects.all().delete()
    Tag.objects.all().delete()
    Section.objects.all().delete()
    for path in Path(media_root).rglob("*"):
        if path.is_file():
            path.unlink()

    call_command("import_stories", str(demo_archive), verbosity=0)
    second = export(tmp_path / "again.zip")

    assert second["stories.json"] == first["stories.json"]
    assert second.keys() == first.keys()
    assert all(second[name] == data for name, data in first.items())


def test_import_twice_changes_nothing_the_second_time(tmp_path, demo_archive, capsys):
    Article.objects.all().delete()
    call_command("import_stories", str(demo_archive))
    assert "Stories: 10 created" in capsys.readouterr().out
    state = db_state()
    call_command("import_stories", str(demo_archive))
    assert "Stories: 0 created, 0 updated, 10 unchanged." in capsys.readouterr().out
    assert db_state() == state


def test_import_shows_a_progress_bar(demo_archive, capsys):
    call_command("import_stories", str(demo_archive))
    assert "Importing stories: 100%" in capsys.readouterr().err


def test_import_updates_existing_story_by_slug_records_a_revision_and_bumps_version(tmp_path, demo_archive):
    editor = make_superuser("erin")
    slug = json.loads(read_zip(demo_archive)["stories.json"])["stories"][0]["slug"]
    before = Article.objects.get(slug=slug)

    def change(document):
        document["stories"][0]["title"]["zh-hans"] = "导入后的新标题"
        document["stories"][0]["images"] = document["stories"][0]["images"][:1]

    call_command("import_stories", str(edited(tmp_path, demo_archive, change)), user="erin", verbosity=0)
    after = Article.objects.get(slug=slug)
    assert after.pk == before.pk and after.title_zh_hans == "导入后的新标题"
    assert after.version == before.version + 1
    assert after.images.count() == 1
    versions = Version.objects.get_for_object(after).order_by("-pk")
    with translation.override("en"):  # whatever an earlier test's request left active
        assert comments.render(versions[0].revision.comment) == "Imported from edited.zip."
    assert versions[0].revision.user == editor
    assert versions[1].field_dict["title_zh_hans"] == before.title_zh_hans  # the state before, kept
    assert Article.objects.count() == 10


def test_import_keeps_stories_that_are_not_in_the_archive(tmp_path, demo_archive):
    make_article(title_en="Local story not in archive")
    call_command("import_stories", str(demo_archive), verbosity=0)
    assert Article.objects.filter(title_en="Local story not in archive").exists()


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _duplicate_story(document):
    document["stories"].append(dict(document["stories"][0]))


def _drop_image_file(files):
    del files[next(name for name in files if name.startswith("images/"))]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set(["version"], 2), "archive version 2 is not supported"),
        (_set(["schema"], "someone.else"), "not a Guozhen story archive"),
        (_set(["stories", -1, "title", "en"], "x" * 201), "field “title.en”"),
        (_set(["stories", -1, "title", "en"], ""), "field “title.en”: This field cannot be blank."),
        (_set(["stories", -1, "source", "url"], "javascript:alert(1)"), "field “source.url”"),
        (_set(["stories", -1, "status"], "gone"), "field “status”"),
        (_set(["stories", -1, "published_at"], "yesterday"), "field “published_at”"),
        (_set(["stories", -1, "tags"], ["no-such-tag"]), "no tag “no-such-tag”"),
        (_set(["stories", -1, "images", 0, "sha256"], "0" * 64), "does not match its SHA-256"),
        (_set(["stories", -1, "images", 0, "credit_url"], "data:text/html,x"), "field “credit_url”"),
        (_set(["stories", -1, "images", 0, "alt_text", "en"], ""), "field “alt_text.en”"),
        (_set(["stories", -1, "titel"], {}), "field “titel”: unknown field"),
        (
            _set(["stories", -1, "dek", "en"], "bad\x0bcontrol"),
            "field “dek.en”: Remove the invisible control",
        ),
        (_duplicate_story, "appears twice in this file"),
    ],
)
def test_bad_record_aborts_the_whole_import_names_record_and_field_and_writes_nothing(
    tmp_path, demo_archive, media_root, change, expected
):
    # The bad record is the last one, so earlier stories (with their images) were already written
    # when it fails: all of that must be rolled back, files included.
    Article.objects.all().delete()
    before, files_before = db_state(), media_files(media_root)

    def change_last_story(document):
        document["stories"].append(document["stories"].pop(0))  # a story with images goes last
        change(document)

    with pytest.raises(CommandError) as error:
        call_command("import_stories", str(edited(tmp_path, demo_archive, change_last_story)), verbosity=0)
    message = str(error.value)
    assert expected in message
    assert "Import aborted, nothing was written." in message
    if "stories" in expected or "field" in expected:
        assert "story “" in message or "stories[" in message
    assert db_state() == before
    assert media_files(media_root) == files_before


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p, files: write_zip(p, {**files, "stories.json": b"{not json"}), "malformed JSON"),
        (
            lambda p, files: write_zip(p, {k: v for k, v in files.items() if k != "stories.json"}),
            "has no stories.json",
        ),
        (lambda p, files: (p.write_bytes(b"plain text, not a zip"), p)[1], "not a zip archive"),
        (
            lambda p, files: write_zip(p, (_drop_image_file(files), files)[1]),
            "the archive has no file “images/",
        ),
    ],
)
def test_broken_archives_are_refused_with_a_clear_message(tmp_path, demo_archive, media_root, make, expected):
    before, files_before = db_state(), media_files(media_root)
    path = make(tmp_path / "broken.zip", read_zip(demo_archive))
    with pytest.raises(CommandError, match="nothing was written") as error:
        call_command("import_stories", str(path), verbosity=0)
    assert expected in str(error.value)
    assert db_state() == before and media_files(media_root) == files_before


def test_command_exits_non_zero_on_a_bad_archive(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_text("nope")
    env = {**os.environ, "DJANGO_SQLITE_PATH": str(tmp_path / "unused.db"), "DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_stories", str(bad)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "not a zip archive" in result.stderr


def test_export_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.zip"
    target.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("export_stories", str(target), verbosity=0)
    assert target.read_text() == "keep me"
    call_command("export_stories", str(target), force=True, verbosity=0)
    assert zipfile.is_zipfile(target)


def test_export_holds_every_language_status_source_tags_and_image_metadata(tmp_path):
    tag = make_tag(slug="robots", name_en="Robots", name_zh_hans="机器人")
    article = make_article(
        status="draft", hours_ago=None, tags=[tag], slug="draft-piece", title_zh_hans="草稿"
    )
    make_image(article, caption_zh_hans="图注甲", credit="lab.example", credit_url="https://lab.example/p")
    document = json.loads(export(tmp_path / "x.zip")["stories.json"])
    [story] = document["stories"]
    assert story["status"] == "draft" and story["published_at"] is None
    assert story["title"]["zh-hans"] == "草稿" and story["tags"] == ["robots"]
    assert story["source"] == {"name": "Example Lab Blog", "url": "https://example.com/post"}
    [image] = story["images"]
    assert image["caption"]["zh-hans"] == "图注甲" and image["credit_url"] == "https://lab.example/p"
    assert image["file"] == "images/draft-piece/1.jpg" and (image["width"], image["height"]) == (64, 48)
    assert document["tags"] == [{"slug": "robots", "name": {"en": "Robots", "zh-hans": "机器人"}}]


def test_export_names_the_story_whose_image_file_is_missing(tmp_path):
    article = make_article(slug="lost-picture-story")
    image = make_image(article)
    image.image.storage.delete(image.image.name)
    target = tmp_path / "out.zip"
    with pytest.raises(CommandError, match="lost-picture-story”, image 1: cannot read"):
        call_command("export_stories", str(target), verbosity=0)
    assert not target.exists() and not list(tmp_path.glob("*.part"))


# --- Image bytes through an archive -------------------------------------------------------------


def _png_master(article):
    return make_uploaded_image(article, image_bytes((90, 60), fmt="PNG", mode="RGBA"), name="chart.png")


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GZ-SECRET-COMMENT")
    return image_bytes((90, 60), fmt="PNG", pnginfo=info)


@pytest.mark.parametrize(
    ("make_picture", "replace", "kept"),
    [
        (make_image, None, True),  # the JPEG master the pipeline made: byte for byte
        (_png_master, None, True),  # a PNG master (transparency): byte for byte
        (make_image, lambda master: gps_tagged_jpeg(b"", None), False),
        (make_image, lambda master: image_bytes((90, 60), comment=b"GZ-SECRET-COMMENT"), False),
        (make_image, lambda master: master + b"GZ-SECRET-TRAILER", False),  # bytes after the picture
        (make_image, lambda master: _png_with_text(), False),
    ],
)
def test_import_keeps_a_clean_master_and_cleans_anything_carrying_metadata(
    tmp_path, media_root, make_picture, replace, kept
):
    article = make_article(slug="archived-picture-story")
    make_picture(article)
    files = export(tmp_path / "one.zip")
    document = json.loads(files["stories.json"])
    entry = document["stories"][0]["images"][0]
    data = replace(files[entry["file"]]) if replace else files[entry["file"]]
    files[entry["file"]], entry["sha256"] = data, hashlib.sha256(data).hexdigest()
    files["stories.json"] = json.dumps(document, ensure_ascii=False).encode()
    Article.objects.all().delete()
    before = stored_files(media_root)

    call_command("import_stories", str(write_zip(tmp_path / "changed.zip", files)), verbosity=0)

    image = ArticleImage.objects.get()
    master = (media_root / image.image.name).read_bytes()
    assert (master == data) is kept
    for name in stored_files(media_root) - before:
        stored = (media_root / name).read_bytes()
        assert not any(secret in stored for secret in (*SECRETS, b"GZ-SECRET-TRAILER")), name
        picture = Image.open(io.BytesIO(stored))
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo) and "comment" not in picture.info, name
    assert image.renditions["clean"] and image.renditions["source"] == image.image.name
