"""Story states: what a revision recorded, what the database holds now, and how they compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from reversion.models import Revision, Version

from articles.languages import IMAGE_TEXT_FIELDS, NOTE_TEXT_FIELDS, STORY_TEXT_FIELDS, columns
from articles.models import Article, ArticleImage, StoryNote, TaggedArticle

# The fields a reader or editor cares about, in the order the history shows them.
ARTICLE_FIELDS = (
    *columns(STORY_TEXT_FIELDS),
    "section_id",
    "status",
    "published_at",
    "source_name",
    "source_url",
    "slug",
)
IMAGE_FIELDS = (
    "image",
    "position",
    *columns(reversed(IMAGE_TEXT_FIELDS)),
    "credit",
    "credit_url",
)

NOTE_FIELDS = ("kind", *columns(NOTE_TEXT_FIELDS), "noted_at")


def _plain(value):
    """A comparable value: a file's name; a time to the second (the admin form's precision; the
    revision's JSON keeps milliseconds and the database microseconds)."""
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, str):
        return value.replace("\r\n", "\n")  # stories saved before line breaks were normalized
    return value


def same_value(a, b) -> bool:
    """Equal stored values, where an empty text and NULL count as the same.

    modeltranslation stores an optional language left empty in the admin as NULL, while other
    write paths store "": neither is a change anyone made.
    """
    if isinstance(a, str | None) and isinstance(b, str | None):
        return (a or "") == (b or "")
    return a == b


def same_images(a: dict, b: dict) -> bool:
    """Equal image metadata (image id -> fields), with ``same_value`` per field."""
    return a.keys() == b.keys() and all(
        a[pk].keys() == b[pk].keys() and all(same_value(a[pk][n], b[pk][n]) for n in a[pk]) for pk in a
    )


@dataclass
class StorySnapshot:
    """A story's state: its fields, its tag ids and its images' metadata (by image id)."""

    pk: int
    fields: dict
    tag_ids: frozenset
    images: dict = field(default_factory=dict)
    version: Version | None = None
    notes: dict = field(default_factory=dict)  # note id -> its fields (NOTE_FIELDS)

    @property
    def number(self) -> int | None:
        """The story's version counter at this state."""
        return self.fields.get("version")

    def same_content(self, other: StorySnapshot) -> bool:
        return (
            all(same_value(self.fields.get(n), other.fields.get(n)) for n in (*ARTICLE_FIELDS, "version"))
            and self.tag_ids == other.tag_ids
            and same_images(self.images, other.images)
            and same_images(self.notes, other.notes)
        )


def snapshot_of(article: Article) -> StorySnapshot:
    """Return the story's current state as stored in the database."""
    fields = {name: _plain(getattr(article, name)) for name in (*ARTICLE_FIELDS, "version")}
    images = {
        image.pk: {name: _plain(getattr(image, name)) for name in IMAGE_FIELDS}
        for image in ArticleImage.objects.filter(article_id=article.pk)
    }
    tag_ids = frozenset(
        TaggedArticle.objects.filter(content_object_id=article.pk).values_list("tag_id", flat=True)
    )
    notes = {
        note.pk: {name: _plain(getattr(note, name)) for name in NOTE_FIELDS}
        for note in StoryNote.objects.filter(article_id=article.pk)
    }
    return StorySnapshot(pk=article.pk, fields=fields, tag_ids=tag_ids, images=images, notes=notes)


_RELATED = ((ArticleImage, "article"), (TaggedArticle, "content_object"), (StoryNote, "article"))


def _related_versions(revision_ids, model, fk_name: str, pk: int) -> list[Version]:
    """Versions of ``model`` rows in the given revisions that point at story ``pk``.

    The text filter only narrows the search (``"article": 12`` also matches 123); the decoded
    value decides.
    """
    content_type = ContentType.objects.get_for_model(model)
    candidates = Version.objects.filter(
        revision_id__in=revision_ids,
        content_type=content_type,
        serialized_data__contains=f'"{fk_name}": {pk}',
    )
    return [v for v in candidates if v.field_dict.get(f"{fk_name}_id") == pk]


def snapshots_from_versions(versions: list[Version]) -> list[StorySnapshot]:
    """The story states the given versions (of one story) recorded, in two queries however many."""
    if not versions:
        return []
    pk = int(versions[0].object_id)
    related: dict = {}
    revision_ids = [version.revision_id for version in versions]
    for model, fk_name in _RELATED:
        for found in _related_versions(revision_ids, model, fk_name, pk):
            related.setdefault((found.revision_id, model), []).append(found)
    snapshots = []
    for version in versions:
        data = version.field_dict
        images = {
            int(v.object_id): {name: _plain(v.field_dict.get(name)) for name in IMAGE_FIELDS}
            for v in related.get((version.revision_id, ArticleImage), [])
        }
        tag_ids = frozenset(
            v.field_dict["tag_id"] for v in related.get((version.revision_id, TaggedArticle), [])
        )
        notes = {
            int(v.object_id): {name: _plain(v.field_dict.get(name)) for name in NOTE_FIELDS}
            for v in related.get((version.revision_id, StoryNote), [])
        }
        fields = {name: _plain(data.get(name)) for name in (*ARTICLE_FIELDS, "version")}
        snapshots.append(
            StorySnapshot(pk=pk, fields=fields, tag_ids=tag_ids, images=images, version=version, notes=notes)
        )
    return snapshots


def snapshot_from_version(version: Version) -> StorySnapshot:
    """Return the story's state as the given story version recorded it."""
    return snapshots_from_versions([version])[0]


def story_versions(pk: int):
    """The story's recorded versions, newest first, with who saved them."""
    return (
        Version.objects.get_for_object_reference(Article, pk)
        .select_related("revision", "revision__user")
        .order_by("-pk")  # insertion order: a revision's date is when its block began
    )


def find_snapshot(pk: int, number: int, *, limit: int = 200) -> StorySnapshot | None:
    """Return the recorded state of story ``pk`` at version counter ``number``, if recorded."""
    for version in story_versions(pk)[:limit]:
        if version.field_dict.get("version") == number:
            return snapshot_from_version(version)
    return None


def revision_date(revision: Revision) -> str:
    return formats.localize(timezone.localtime(revision.date_created))
