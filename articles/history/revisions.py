"""Story history with django-reversion: what a revision holds, snapshots, and one-click restore.

A story's revision holds the story row (every ``_en`` and ``_zh_hans`` column, status, publish
time, source, version), its images' metadata and its tags (the ``TaggedArticle`` rows), because
``Article`` follows ``images`` and ``tagged_items``. The original, untranslated columns that
modeltranslation leaves behind (``title``, ``caption``...) are not stored: they only mirror one
language.

Every tracked write goes through :func:`tracked_change` (services, import) or the story admin.
Before it changes a story, :func:`ensure_baseline` records the state as it is when the history
does not hold it yet (a story made by ``load_demo`` or edited in a shell), so the first tracked
edit can always be undone.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reversion.models import Revision, Version

from articles import images as image_pipeline
from articles.models import Article, ArticleImage, Section, TaggedArticle

LANGUAGES = ("en", "zh_hans")
TRANSLATED = {
    Article: ("title", "dek", "body", "why_it_matters", "body_html"),
    ArticleImage: ("caption", "alt_text"),
}

# The fields a reader or editor cares about, in the order the history shows them.
ARTICLE_FIELDS = (
    *(f"{name}_{lang}" for name in ("title", "dek", "body", "why_it_matters") for lang in LANGUAGES),
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
    *(f"{name}_{lang}" for name in ("alt_text", "caption") for lang in LANGUAGES),
    "credit",
    "credit_url",
)
# Columns a restore never copies back: the version counter only moves forward, and the rest is
# recomputed on save.
NOT_RESTORED = {"id", "version", "updated_at", "body_html_en", "body_html_zh_hans", "article_id"}


_NOT_STORED = {Article: TRANSLATED[Article], ArticleImage: TRANSLATED[ArticleImage], TaggedArticle: ()}


def stored_fields(model) -> tuple[str, ...]:
    """The columns a revision stores for ``model``."""
    return tuple(f.name for f in model._meta.local_fields if f.name not in _NOT_STORED[model])


def _register() -> None:
    follow = {Article: ("images", "tagged_items")}
    for model in _NOT_STORED:
        if not reversion.is_registered(model):
            reversion.register(model, fields=stored_fields(model), follow=follow.get(model, ()))


_register()


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

    @property
    def number(self) -> int | None:
        """The story's version counter at this state."""
        return self.fields.get("version")

    def same_content(self, other: StorySnapshot) -> bool:
        return (
            all(same_value(self.fields.get(n), other.fields.get(n)) for n in (*ARTICLE_FIELDS, "version"))
            and self.tag_ids == other.tag_ids
            and same_images(self.images, other.images)
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
    return StorySnapshot(pk=article.pk, fields=fields, tag_ids=tag_ids, images=images)


_RELATED = ((ArticleImage, "article"), (TaggedArticle, "content_object"))


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
        fields = {name: _plain(data.get(name)) for name in (*ARTICLE_FIELDS, "version")}
        snapshots.append(StorySnapshot(pk=pk, fields=fields, tag_ids=tag_ids, images=images, version=version))
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


def record_revision(article: Article, *, user=None, comment: str = "") -> Revision:
    """Record the story's stored state as a revision of its own, even inside another revision block.

    reversion merges nested ``create_revision()`` blocks into the outer one; a baseline or a
    pre-delete snapshot must stay separate, so the rows are written directly.
    """
    objects = [article, *ArticleImage.objects.filter(article_id=article.pk)]
    objects += TaggedArticle.objects.filter(content_object_id=article.pk)
    revision = Revision.objects.create(
        date_created=timezone.now(),
        user=user if getattr(user, "is_authenticated", False) else None,
        comment=comment,
    )
    Version.objects.bulk_create(
        Version(
            revision=revision,
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=str(obj.pk),
            db=router.db_for_write(type(obj)),
            format="json",
            serialized_data=serializers.serialize("json", [obj], fields=stored_fields(type(obj))),
            object_repr=str(obj)[:500],
        )
        for obj in objects
    )
    return revision


def ensure_baseline(pk: int) -> None:
    """Record story ``pk`` as it is now unless its latest recorded version already holds exactly this."""
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        return
    latest = story_versions(pk).first()
    if latest is not None and snapshot_from_version(latest).same_content(snapshot_of(article)):
        return
    record_revision(
        article, comment=_("Earlier state, saved without history; recorded before the next change.")
    )


def lock_next_version(pk: int) -> int:
    """Lock the story's row for this transaction and return its next version number."""
    current = Article.objects.select_for_update().values_list("version", flat=True).get(pk=pk)
    return current + 1


@contextmanager
def tracked_change(article: Article, *, by=None, comment: str = ""):
    """Change a story as one recorded revision: lock it, reload it, bump its version.

    Use inside ``transaction.atomic()``; the caller changes ``article`` and saves it (with
    ``"version"`` in ``update_fields`` if it passes them).
    """
    with reversion.create_revision():
        if getattr(by, "is_authenticated", False):
            reversion.set_user(by)
        reversion.set_comment(str(comment))
        next_version = lock_next_version(article.pk)
        ensure_baseline(article.pk)
        article.refresh_from_db()
        article.version = next_version
        yield article


def revision_date(revision: Revision) -> str:
    return formats.localize(timezone.localtime(revision.date_created))


@dataclass
class RestoreResult:
    article: Article
    skipped: list[str] = field(default_factory=list)


def _check_restorable(data: dict, pk: int) -> None:
    if not Section.objects.filter(pk=data.get("section_id")).exists():
        raise ValidationError(_("This version's section no longer exists. Recreate the section first."))
    if Article.objects.filter(slug=data.get("slug")).exclude(pk=pk).exists():
        raise ValidationError(
            _("Another story now uses the address “%(slug)s”. Change that story's slug first.")
            % {"slug": data.get("slug")}
        )


def _restore_images(article: Article, snapshot: StorySnapshot, skipped: list[str]) -> None:
    versions = _related_versions([snapshot.version.revision_id], ArticleImage, "article", article.pk)
    keep = {int(v.object_id) for v in versions}
    for image in ArticleImage.objects.filter(article=article).exclude(pk__in=keep):
        image.delete()
    current = ArticleImage.objects.in_bulk(keep)
    for version in sorted(versions, key=lambda v: v.field_dict.get("position") or 0):
        data = version.field_dict
        name = _plain(data["image"])
        if not name or not ArticleImage._meta.get_field("image").storage.exists(name):
            skipped.append(_("Image %(n)s: its file is gone.") % {"n": data.get("position")})
            continue
        image = current.get(int(version.object_id)) or ArticleImage(pk=int(version.object_id))
        # Renditions made since this version (regenerate_renditions) replaced and removed the ones
        # it lists: a row that still shows the same master keeps its current renditions.
        renditions = image.renditions if image.image and image.image.name == name else None
        for attname, value in data.items():
            if attname not in NOT_RESTORED:
                setattr(image, attname, _plain(value))
        if renditions is not None:
            image.renditions = renditions
        image.article = article
        image.save()
        if not image_pipeline.renditions_complete(image):
            image_pipeline.rebuild(image)  # rendition files gone since: make them again from the master


def _restore_tags(article: Article, snapshot: StorySnapshot, skipped: list[str]) -> None:
    from articles.models import Tag

    tags = list(Tag.objects.filter(pk__in=snapshot.tag_ids))
    if len(tags) < len(snapshot.tag_ids):
        skipped.append(_("%(n)d tag(s) no longer exist.") % {"n": len(snapshot.tag_ids) - len(tags)})
    article.tags.set(tags)


@transaction.atomic
def restore_version(*, version: Version, by=None) -> RestoreResult:
    """Put a story back as ``version`` recorded it, or bring a deleted story back; recorded as a revision.

    The version counter moves forward (never back), so an editor holding the form open still gets
    a conflict instead of overwriting the restore.
    """
    if version.content_type_id != ContentType.objects.get_for_model(Article).pk:
        raise ValidationError(_("This is not a story version."))
    pk = int(version.object_id)
    data = version.field_dict
    snapshot = snapshot_from_version(version)
    _check_restorable(data, pk)
    existing = Article.objects.select_for_update().filter(pk=pk).first()
    if existing is not None:
        ensure_baseline(pk)
        comment = _("Restored the version of %(date)s.")
    else:
        comment = _("Recovered after deletion (the version of %(date)s).")
    skipped: list[str] = []
    with reversion.create_revision():
        if getattr(by, "is_authenticated", False):
            reversion.set_user(by)
        reversion.set_comment(comment % {"date": revision_date(version.revision)})
        article = existing or Article(pk=pk)
        for attname, value in data.items():
            if attname not in NOT_RESTORED:
                setattr(article, attname, value)
        article.version = max(existing.version if existing else 0, data.get("version") or 0) + 1
        article.save()
        if existing is None and data.get("created_at"):
            Article.objects.filter(pk=pk).update(created_at=data["created_at"])
        _restore_images(article, snapshot, skipped)
        _restore_tags(article, snapshot, skipped)
        reversion.add_to_revision(article)
    return RestoreResult(article=article, skipped=skipped)


def delete_with_snapshot(article: Article, *, by=None) -> None:
    """Delete a story after recording its last state, so an editor can recover it."""
    with transaction.atomic():
        record_revision(article, user=by, comment=pgettext("story history", "Deleted."))
        article.delete()
