"""Checking a story archive before anything is written (format: ``articles/transfer.py``).

Checked: the zip, the JSON, the schema name and version, every record's fields and types,
references to sections and tags, duplicate slugs, and every image file (present, within the size
limit, matching its SHA-256, a picture Pillow can read). Every refusal names the record and the
field. Field *content* (lengths, URLs, required text) is checked again by the models' full_clean()
while writing (``articles/transfer_import.py``).
"""

import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from PIL import Image

from articles.archive.export import DOCUMENT, LANGUAGES, SCHEMA, SCHEMA_VERSION, sha256
from articles.languages import IMAGE_TEXT_FIELDS, STORY_TEXT_FIELDS
from articles.models import Article, Section, Tag

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


class ArchiveError(Exception):
    """A bad archive or record; the message names the record and the field."""

    def __init__(self, where: str, field_name: str | None, message: str):
        self.where, self.field, self.message = where, field_name, message
        super().__init__(f"{where}, field “{field_name}”: {message}" if field_name else f"{where}: {message}")


class Record:
    """One JSON object of the archive and where it sits, for checks that name the field."""

    def __init__(self, data, where: str, required: tuple, optional: tuple = ()):
        self.where = where
        if not isinstance(data, dict):
            raise ArchiveError(where, None, pgettext("story archive", "expected a JSON object"))
        missing = [k for k in required if k not in data]
        unknown = sorted(set(data) - set(required) - set(optional))
        if missing:
            raise ArchiveError(where, missing[0], pgettext("story archive", "this field is missing"))
        if unknown:
            raise ArchiveError(where, unknown[0], _("unknown field (this archive version has no such field)"))
        self.data = data

    def fail(self, name: str, message: str):
        raise ArchiveError(self.where, name, message)

    def text(self, name: str, value=None) -> str:
        value = self.data.get(name) if value is None else value
        if not isinstance(value, str):
            self.fail(name, pgettext("story archive", "expected text"))
        return value

    def slug(self, name: str = "slug") -> str:
        value = self.text(name)
        if not value:
            self.fail(name, pgettext("story archive", "must not be empty"))
        return value

    def languages(self, name: str) -> dict[str, str]:
        """``{"en": ..., "zh-hans": ...}`` as ``{"en": ..., "zh_hans": ...}`` (field suffixes)."""
        value = self.data.get(name)
        if not isinstance(value, dict) or set(value) != set(LANGUAGES):
            self.fail(name, _("expected an object with exactly the keys “en” and “zh-hans”"))
        return {suffix: self.text(f"{name}.{key}", value[key]) for key, suffix in LANGUAGES.items()}

    def integer(self, name: str, maximum: int = 32767) -> int:
        value = self.data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maximum:
            self.fail(name, _("expected a whole number from 0 to %(max)s") % {"max": maximum})
        return value

    def time(self, name: str) -> datetime | None:
        value = self.data.get(name)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(self.text(name))
        except ValueError:
            self.fail(name, _("expected an ISO 8601 time such as 2026-01-31T08:00:00+00:00"))
        if parsed.tzinfo is None:
            self.fail(name, _("the time needs a time zone (for example +00:00)"))
        return parsed

    def fingerprints(self, name: str, fields) -> dict:
        """Translation fingerprints: ``{field: {"hash": <sha256>, "text": <English>}}``."""
        value = self.mapping(name)
        for key, item in value.items():
            if (
                key not in fields
                or not isinstance(item, dict)
                or set(item) != {"hash", "text"}
                or not isinstance(item["text"], str)
                or not isinstance(item["hash"], str)
                or not _SHA256.fullmatch(item["hash"])
            ):
                self.fail(
                    f"{name}.{key}",
                    _("expected a translated field's fingerprint: an object with “hash” and “text”"),
                )
        return value

    def mapping(self, name: str) -> dict:
        value = self.data.get(name)
        if not isinstance(value, dict):
            self.fail(name, pgettext("story archive", "expected a JSON object"))
        return value


def open_archive(path) -> tuple[dict, zipfile.ZipFile]:
    """Open the zip and parse its document; refuse anything that is not a Guozhen archive."""
    name = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ArchiveError(name, None, pgettext("story archive", "no such file")) from None
    except (zipfile.BadZipFile, OSError):
        raise ArchiveError(name, None, pgettext("story archive", "not a zip archive")) from None
    try:
        info = archive.getinfo(DOCUMENT)
        if info.file_size > MAX_DOCUMENT_BYTES:
            raise ArchiveError(DOCUMENT, None, _("the document is too large"))
        document = json.loads(archive.read(info).decode("utf-8"))
    except KeyError:
        archive.close()
        raise ArchiveError(name, None, _("the archive has no %(doc)s") % {"doc": DOCUMENT}) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        archive.close()
        raise ArchiveError(DOCUMENT, None, _("malformed JSON (%(error)s)") % {"error": exc}) from None
    top = Record(document, DOCUMENT, ("schema", "version", "sections", "tags", "stories"))
    if document["schema"] != SCHEMA:
        top.fail(
            "schema", _("expected “%(schema)s”: this is not a Guozhen story archive") % {"schema": SCHEMA}
        )
    if document["version"] != SCHEMA_VERSION:
        top.fail(
            "version",
            _("archive version %(found)s is not supported; this Guozhen reads version %(ours)s")
            % {"found": document["version"], "ours": SCHEMA_VERSION},
        )
    for key in ("sections", "tags", "stories"):
        if not isinstance(document[key], list):
            top.fail(key, pgettext("story archive", "expected a list"))
    return document, archive


def _unique(records: list[Record], kind: str) -> dict[str, Record]:
    seen: dict[str, Record] = {}
    for record in records:
        slug = record.slug()
        if slug in seen:
            record.fail(
                "slug",
                _("duplicate: %(kind)s “%(slug)s” appears twice in this file") % {"kind": kind, "slug": slug},
            )
        seen[slug] = record
    return seen


STORY_KEYS = ("slug", "section", "status", "published_at", "created_at", "updated_at", "title", "dek", "body")
STORY_KEYS += ("why_it_matters", "source", "tags", "translation_sources", "images")
IMAGE_KEYS = ("file", "sha256", "position", "width", "height", "caption", "alt_text", "credit", "credit_url")


def _check_image(data, where: str, archive: zipfile.ZipFile) -> Record:
    record = Record(data, where, IMAGE_KEYS, ("translation_sources",))
    path = record.text("file")
    if (
        PurePosixPath(path).is_absolute()
        or ".." in PurePosixPath(path).parts
        or not path.startswith("images/")
    ):
        record.fail("file", _("expected a path inside the archive's images/ folder"))
    try:
        info = archive.getinfo(path)
    except KeyError:
        record.fail("file", _("the archive has no file “%(path)s”") % {"path": path})
    if info.file_size > settings.GUOZHEN_IMAGE_MAX_BYTES:
        record.fail("file", _("the file is larger than the upload limit"))
    data_bytes = archive.read(info)
    digest = record.text("sha256")
    if not _SHA256.fullmatch(digest):
        record.fail("sha256", _("expected 64 lowercase hexadecimal digits"))
    if sha256(data_bytes) != digest:
        record.fail("file", _("the file does not match its SHA-256: it is damaged or was replaced"))
    try:
        with Image.open(io.BytesIO(data_bytes)) as picture:
            picture.verify()
    except Exception:  # Pillow raises many types for junk; any of them means "not a picture"
        record.fail("file", _("not a picture Pillow can read"))
    record.integer("position")
    for name in IMAGE_TEXT_FIELDS:
        record.languages(name)
    record.text("credit"), record.text("credit_url")
    if "translation_sources" in record.data:
        record.fingerprints("translation_sources", IMAGE_TEXT_FIELDS)
    return record


def validate(document: dict, archive: zipfile.ZipFile) -> tuple[list, list, list]:
    """Check every record without writing anything; return (sections, tags, stories) records."""
    sections = [
        Record(d, f"sections[{i}]", ("slug", "name", "position")) for i, d in enumerate(document["sections"])
    ]
    tags = [Record(d, f"tags[{i}]", ("slug", "name")) for i, d in enumerate(document["tags"])]
    stories = [Record(d, f"stories[{i}]", STORY_KEYS) for i, d in enumerate(document["stories"])]
    for record in sections:
        record.where = f"section “{record.slug()}” ({record.where})"
        record.languages("name"), record.integer("position")
    for record in tags:
        record.where = f"tag “{record.slug()}” ({record.where})"
        record.languages("name")
    known_sections = set(_unique(sections, "section")) | set(Section.objects.values_list("slug", flat=True))
    known_tags = set(_unique(tags, "tag")) | set(Tag.objects.values_list("slug", flat=True))
    _unique(stories, "story")
    for record in stories:
        record.where = f"story “{record.slug()}” ({record.where})"
        if record.text("section") not in known_sections:
            record.fail(
                "section",
                _("no section “%(slug)s” in this file or the database") % {"slug": record.data["section"]},
            )
        if record.text("status") not in Article.Status.values:
            record.fail(
                "status", _("expected one of %(values)s") % {"values": ", ".join(Article.Status.values)}
            )
        for name in ("published_at", "created_at", "updated_at"):
            record.time(name)
        for name in STORY_TEXT_FIELDS:
            record.languages(name)
        source = Record(record.mapping("source"), f"{record.where}, source", ("name", "url"))
        source.text("name"), source.text("url")
        record.fingerprints("translation_sources", STORY_TEXT_FIELDS)
        tag_slugs = record.data["tags"]
        if not isinstance(tag_slugs, list) or not all(isinstance(s, str) for s in tag_slugs):
            record.fail("tags", _("expected a list of tag slugs"))
        if len(set(tag_slugs)) != len(tag_slugs):
            record.fail("tags", _("a tag is listed twice"))
        if missing := sorted(set(tag_slugs) - known_tags):
            record.fail("tags", _("no tag “%(slug)s” in this file or the database") % {"slug": missing[0]})
        if not isinstance(record.data["images"], list):
            record.fail("images", pgettext("story archive", "expected a list"))
        paths = set()
        for j, image in enumerate(record.data["images"]):
            checked = _check_image(image, f"{record.where}, images[{j}]", archive)
            if checked.data["file"] in paths:
                checked.fail("file", _("this file is used twice in the story"))
            paths.add(checked.data["file"])
    return sections, tags, stories
