"""Writing a checked story archive into the database: all of it in one transaction, or nothing.

Sections, tags and stories are matched by slug, so importing the same archive twice changes
nothing the second time (an unchanged story is not even saved). Images go through the normal
``ArticleImage.save()`` as an ``ArchivedMaster``, so the image pipeline validates them and makes
their renditions, and keeps a master that is clean already byte for byte (export, import, export
gives the same bytes); an image whose bytes are unchanged keeps its stored file. Every object is
``full_clean()``-ed. The import is one revision ("Imported from …"), and each updated story's
version counter moves forward, so an editor with it open gets a conflict rather than overwriting it.

The archive's translation fingerprints (``translation_sources``) are written as they are, after
``save()`` (which would record the current English as the source of every new Chinese field), so a
story whose Chinese was outdated is still outdated after the import.

If anything fails, the transaction rolls back and the files this import stored are deleted, so
the database and the media folder are as they were.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import reversion
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from articles.archive.export import IMAGE_TEXT, LANGUAGES, STORY_TEXT, read_image, sha256, story_record
from articles.archive.validation import ArchiveError, Record, open_archive, validate
from articles.history import comments
from articles.history.recording import ensure_baseline
from articles.images import ArchivedMaster, discard_new_files_on_error
from articles.models import Article, ArticleImage, Section, Tag

# Model columns full_clean() must skip: modeltranslation's mirror columns and HTML made on save.
NOT_CLEANED = {
    Section: ["name"],
    Tag: ["name"],
    Article: ["title", "dek", "body", "why_it_matters", "body_html", "body_html_en", "body_html_zh_hans"],
    ArticleImage: ["caption", "alt_text"],
}
ARCHIVE_NAMES = {"source_name": "source.name", "source_url": "source.url", "section": "section"}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    sections: Counts = field(default_factory=Counts)
    tags: Counts = field(default_factory=Counts)
    stories: Counts = field(default_factory=Counts)


def archive_field(model_field: str) -> str | None:
    """``title_zh_hans`` -> ``title.zh-hans``: the name the archive's author sees."""
    for key, suffix in LANGUAGES.items():
        if model_field.endswith(f"_{suffix}"):
            return f"{model_field.removesuffix(f'_{suffix}')}.{key}"
    return None if model_field == "__all__" else ARCHIVE_NAMES.get(model_field, model_field)


def _clean(obj, where: str) -> None:
    try:
        obj.full_clean(exclude=NOT_CLEANED[type(obj)])
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise ArchiveError(where, archive_field(name), " ".join(messages)) from None


def _set_languages(obj, name: str, values: dict) -> None:
    for key, suffix in LANGUAGES.items():
        setattr(obj, f"{name}_{suffix}", values[key])


def _same(a, b) -> bool:
    return (a or "") == (b or "") if isinstance(a, str | None) and isinstance(b, str | None) else a == b


def _upsert(model, record: Record, values: dict, counts: Counts):
    obj = model.objects.filter(slug=record.data["slug"]).first()
    if obj is not None and all(_same(getattr(obj, k), v) for k, v in values.items()):
        counts.unchanged += 1
        return obj
    if obj is None:
        obj, counts.created = model(slug=record.data["slug"]), counts.created + 1
    else:
        counts.updated += 1
    for name, value in values.items():
        setattr(obj, name, value)
    _clean(obj, record.where)
    obj.save()
    return obj


def _comparable(record: dict) -> dict:
    """A story record without what may differ for the same content: file paths, time notation, and
    image sizes (informational: they are read from the file)."""
    data = {**record, "tags": sorted(record["tags"])}
    for name in ("published_at", "created_at", "updated_at"):
        data[name] = datetime.fromisoformat(record[name]) if record[name] else None
    derived = ("file", "width", "height")
    data["images"] = [
        {"translation_sources": {}, **{k: v for k, v in image.items() if k not in derived}}
        for image in record["images"]
    ]
    return data


def _digest(image: ArticleImage) -> str | None:
    try:
        return sha256(read_image(image))
    except OSError:
        return None


def _import_images(article, record: Record, archive, current: list, digests: list) -> set:
    """Create or update the story's images in archive order; return the ids of images kept."""
    kept = set()
    for number, data in enumerate(record.data["images"], start=1):
        where = f"{record.where}, images[{number - 1}]"
        index = number - 1
        image = current[index] if index < len(current) and digests[index] == data["sha256"] else None
        created = image is None
        if created:
            suffix = PurePosixPath(data["file"]).suffix
            # An exported master that is provably clean is stored byte for byte, so exporting again
            # gives the same file; anything else is cleaned like an upload (articles/images/masters.py).
            upload = ArchivedMaster(
                io.BytesIO(archive.read(data["file"])), name=f"{article.slug}-{number}{suffix}"
            )
            image = ArticleImage(article=article, image=upload)
        image.position, image.credit, image.credit_url = data["position"], data["credit"], data["credit_url"]
        image.translation_sources = data.get("translation_sources", {})
        for name in IMAGE_TEXT:
            _set_languages(image, name, data[name])
        _clean(image, where)
        try:
            image.save()
        except ValidationError as exc:
            raise ArchiveError(where, "file", " ".join(exc.messages)) from None
        if "translation_sources" in data:  # keep the fingerprints; save() recorded today's English
            image.translation_sources = data["translation_sources"]
            ArticleImage.objects.filter(pk=image.pk).update(translation_sources=image.translation_sources)
        kept.add(image.pk)
    return kept


def _import_story(record: Record, archive, context: dict, counts: Counts) -> list:
    """Create, update or skip one story; return the images to delete at the end."""
    data = record.data
    article = Article.objects.select_for_update().filter(slug=data["slug"]).first()
    current, digests = [], []
    if article is not None:
        current = sorted(article.images.all(), key=lambda i: (i.position, i.pk))
        digests = [_digest(image) for image in current]
        if _comparable(story_record(article, digests)) == _comparable(data):
            counts.unchanged += 1
            return []
        ensure_baseline(article.pk)
        article.version += 1
        counts.updated += 1
    else:
        article = Article(slug=data["slug"])
        counts.created += 1
    for name in STORY_TEXT:
        _set_languages(article, name, data[name])
    article.section = context["sections"][data["section"]]
    article.status = data["status"]
    article.published_at = record.time("published_at")
    article.source_name, article.source_url = data["source"]["name"], data["source"]["url"]
    article.translation_sources = data["translation_sources"]
    _clean(article, record.where)
    article.save()
    times = {name: record.time(name) for name in ("created_at", "updated_at") if data[name]}
    # The archive's fingerprints, not the ones save() just recorded from today's English.
    Article.objects.filter(pk=article.pk).update(translation_sources=data["translation_sources"], **times)
    article.tags.set([context["tags"][slug] for slug in data["tags"]])
    kept = _import_images(article, record, archive, current, digests)
    article.refresh_from_db()
    reversion.add_to_revision(article)
    return [image for image in current if image.pk not in kept]


def import_archive(path, *, user=None, progress=None) -> ImportSummary:
    """Load the archive at ``path``; raise ArchiveError naming the record and field on any problem.

    ``progress(total)`` may return a progress bar (anything with ``update()`` and ``close()``).
    """
    document, archive = open_archive(path)
    summary = ImportSummary()
    with archive:
        sections, tags, stories = validate(document, archive)
        bar = progress(len(stories)) if progress else None
        try:
            # The files this import stores are removed again if it fails (the rows roll back);
            # files it makes obsolete are removed only once it has committed.
            with discard_new_files_on_error(), transaction.atomic(), reversion.create_revision():
                if getattr(user, "is_authenticated", False):
                    reversion.set_user(user)
                reversion.set_comment(comments.encode(comments.IMPORTED, name=Path(path).name))
                for record in sections:
                    values = {f"name_{s}": record.data["name"][k] for k, s in LANGUAGES.items()}
                    _upsert(
                        Section, record, {**values, "position": record.data["position"]}, summary.sections
                    )
                for record in tags:
                    values = {f"name_{s}": record.data["name"][k] for k, s in LANGUAGES.items()}
                    _upsert(Tag, record, values, summary.tags)
                context = {
                    "sections": Section.objects.in_bulk(
                        {r.data["section"] for r in stories}, field_name="slug"
                    ),
                    "tags": Tag.objects.in_bulk(
                        {s for r in stories for s in r.data["tags"]}, field_name="slug"
                    ),
                }
                obsolete = []
                for record in stories:
                    try:
                        obsolete += _import_story(record, archive, context, summary.stories)
                    except DatabaseError as exc:
                        raise ArchiveError(
                            record.where, None, _("the database refused it (%s)") % exc
                        ) from exc
                    if bar:
                        bar.update()
                for image in obsolete:  # last, so a failure above never removes a file it needs
                    image.delete()
        finally:
            if bar:
                bar.close()
    return summary
