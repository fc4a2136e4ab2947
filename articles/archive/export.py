"""Portable story archives: a versioned JSON document plus the original image files, in one zip.

The document (``stories.json``)::

    {"schema": "guozhen.stories", "version": 1,
     "sections": [{"slug", "name": {"en", "zh-hans"}, "position"}],
     "tags": [{"slug", "name": {"en", "zh-hans"}}],
     "stories": [{"slug", "section": <section slug>, "status", "published_at", "created_at", "updated_at",
                  "title"/"dek"/"body"/"why_it_matters": {"en", "zh-hans"},
                  "source": {"name", "url"}, "tags": [<tag slug>...], "translation_sources": {...},
                  "images": [{"file": <path in the zip>, "sha256", "position", "width", "height",
                              "caption"/"alt_text": {"en", "zh-hans"}, "credit", "credit_url",
                              "translation_sources": {...}}]}]}

Records are sorted by slug, times are ISO 8601 in UTC and the keys inside JSON fields
(``translation_sources``) are sorted, so the same content gives byte-identical JSON whichever
database it comes from (PostgreSQL's ``jsonb`` keeps keys in its own order, SQLite in insertion
order). ``translation_sources`` are the translation fingerprints: an import keeps them, so a
Chinese field that was outdated stays outdated. Reading an archive lives in ``validation.py`` and
``importing.py``.

Versions: 1 is the only format so far (every version-1 archive already carried the fingerprints;
the sorted keys change no meaning). A reader refuses versions it does not know, naming both.
"""

import hashlib
import json
import os
import tempfile
from datetime import UTC
from pathlib import Path, PurePosixPath
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile

from articles.languages import IMAGE_TEXT_FIELDS, STORY_TEXT_FIELDS, SUFFIX_OF
from articles.models import Article, ArticleImage, Section, Tag

SCHEMA = "guozhen.stories"
SCHEMA_VERSION = 1
DOCUMENT = "stories.json"
# JSON language keys (Django's language codes) and the model field suffixes they map to.
LANGUAGES = SUFFIX_OF
STORY_TEXT = STORY_TEXT_FIELDS
IMAGE_TEXT = IMAGE_TEXT_FIELDS


class ExportError(Exception):
    """The export could not read something it must put in the archive; nothing was written."""


def canonical(value):
    """A JSON value with the keys of every object sorted, at every depth."""
    if isinstance(value, dict):
        return {key: canonical(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [canonical(item) for item in value]
    return value


def iso(value) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def translated(obj, name: str) -> dict:
    return {key: getattr(obj, f"{name}_{suffix}") or "" for key, suffix in LANGUAGES.items()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def section_record(section: Section) -> dict:
    return {"slug": section.slug, "name": translated(section, "name"), "position": section.position}


def tag_record(tag: Tag) -> dict:
    return {"slug": tag.slug, "name": translated(tag, "name")}


def image_path(story_slug: str, number: int, stored_name: str) -> str:
    """Where an image sits in the archive: by story and order, never by storage name or date."""
    suffix = PurePosixPath(stored_name).suffix.lower() or ".bin"
    return f"images/{story_slug}/{number}{suffix}"


def image_record(image: ArticleImage, path: str, digest: str) -> dict:
    return {
        "file": path,
        "sha256": digest,
        "position": image.position,
        "width": image.width,
        "height": image.height,
        **{name: translated(image, name) for name in IMAGE_TEXT},
        "credit": image.credit,
        "credit_url": image.credit_url,
        "translation_sources": canonical(image.translation_sources or {}),
    }


def read_image(image: ArticleImage) -> bytes:
    with image.image.open("rb") as handle:
        return handle.read()


def story_record(article: Article, image_digests: list[str]) -> dict:
    """The archive record of a story; ``image_digests`` are its images' SHA-256, in order."""
    images = sorted(article.images.all(), key=lambda i: (i.position, i.pk))
    return {
        "slug": article.slug,
        "section": article.section.slug,
        "status": article.status,
        "published_at": iso(article.published_at),
        "created_at": iso(article.created_at),
        "updated_at": iso(article.updated_at),
        **{name: translated(article, name) for name in STORY_TEXT},
        "source": {"name": article.source_name, "url": article.source_url},
        "tags": sorted(item.tag.slug for item in article.tagged_items.all()),
        "translation_sources": canonical(article.translation_sources or {}),
        "images": [
            image_record(image, image_path(article.slug, n, image.image.name), digest)
            for n, (image, digest) in enumerate(zip(images, image_digests, strict=True), start=1)
        ],
    }


def stories_for_export():
    return (
        Article.objects.order_by("slug")
        .select_related("section")
        .prefetch_related("images", "tagged_items__tag")
    )


def export_archive(path, *, on_story=None) -> dict:
    """Write every section, tag and story (all statuses) with their original images to ``path``.

    The zip is written next to ``path`` and moved into place at the end, so a failed export never
    leaves a half-written archive behind. Returns counts.
    """
    path = Path(path)
    stories = list(stories_for_export())
    document = {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "sections": [section_record(s) for s in Section.objects.order_by("slug")],
        "tags": [tag_record(t) for t in Tag.objects.order_by("slug")],
        "stories": [],
    }
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    os.close(handle)
    image_count = 0
    try:
        with ZipFile(temp_name, "w", compression=ZIP_DEFLATED) as archive:
            for article in stories:
                images = sorted(article.images.all(), key=lambda i: (i.position, i.pk))
                digests = []
                for number, image in enumerate(images, start=1):
                    try:
                        data = read_image(image)
                    except OSError as exc:
                        raise ExportError(
                            f"story “{article.slug}”, image {number}: cannot read {image.image.name} ({exc})"
                        ) from exc
                    digests.append(sha256(data))
                    archive.writestr(image_path(article.slug, number, image.image.name), data, ZIP_STORED)
                image_count += len(images)
                document["stories"].append(story_record(article, digests))
                if on_story:
                    on_story(article)
            archive.writestr(DOCUMENT, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return {
        "sections": len(document["sections"]),
        "tags": len(document["tags"]),
        "stories": len(stories),
        "images": image_count,
    }
