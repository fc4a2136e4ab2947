"""Restoring a story to a recorded version, or bringing a deleted story back."""

from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from reversion.models import Version

from articles import images as image_pipeline
from articles.history import comments
from articles.history.recording import ensure_baseline
from articles.history.snapshots import (
    StorySnapshot,
    _plain,
    _related_versions,
    snapshot_from_version,
)
from articles.models import Article, ArticleImage, Author, Credit, Section, StoryNote, Tag

# Columns a restore never copies back: the version counter only moves forward, and the rest is
# recomputed on save.
NOT_RESTORED = {"id", "version", "updated_at", "body_html_en", "body_html_zh_hans", "article_id"}


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
            # Rendition files gone since: make them again from the master. The restore's own
            # story save below makes cached pages stale, so nothing else is cleared here.
            image_pipeline.rebuild(image)


def _restore_tags(article: Article, snapshot: StorySnapshot, skipped: list[str]) -> None:
    tags = list(Tag.objects.filter(pk__in=snapshot.tag_ids))
    if len(tags) < len(snapshot.tag_ids):
        skipped.append(_("%(n)d tag(s) no longer exist.") % {"n": len(snapshot.tag_ids) - len(tags)})
    article.tags.set(tags)


def _restore_notes_and_credits(article: Article, snapshot: StorySnapshot, skipped: list[str]) -> None:
    """Put back the notes and credits the version recorded; remove those it did not have."""
    revision = [snapshot.version.revision_id]
    for model in (StoryNote, Credit):
        versions = _related_versions(revision, model, "article", article.pk)
        keep = {int(v.object_id) for v in versions}
        model.objects.filter(article=article).exclude(pk__in=keep).delete()
        for version in versions:
            data = version.field_dict
            if model is Credit and not Author.objects.filter(pk=data.get("author_id")).exists():
                skipped.append(_("A credit: its author no longer exists."))
                continue
            row = model(pk=int(version.object_id))
            for attname, value in data.items():
                if attname not in NOT_RESTORED:
                    setattr(row, attname, value)
            row.article = article
            row.save()


@transaction.atomic
def restore_version(*, version: Version, by=None, as_draft: bool = False) -> RestoreResult:
    """Put a story back as ``version`` recorded it, or bring a deleted story back; recorded as a revision.

    The version counter moves forward (never back), so an editor holding the form open still gets
    a conflict instead of overwriting the restore. ``as_draft`` brings it back as a draft whatever
    status the version had (the admin recovers deleted stories that way unless told otherwise).
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
        event = comments.RESTORED
    else:
        event = comments.RECOVERED
    skipped: list[str] = []
    with reversion.create_revision():
        if getattr(by, "is_authenticated", False):
            reversion.set_user(by)
        reversion.set_comment(comments.encode(event, date=version.revision.date_created))
        article = existing or Article(pk=pk)
        for attname, value in data.items():
            if attname not in NOT_RESTORED:
                setattr(article, attname, value)
        if as_draft:
            article.status = Article.Status.DRAFT
        article.version = max(existing.version if existing else 0, data.get("version") or 0) + 1
        article.save()
        if existing is None and data.get("created_at"):
            Article.objects.filter(pk=pk).update(created_at=data["created_at"])
        _restore_images(article, snapshot, skipped)
        _restore_tags(article, snapshot, skipped)
        _restore_notes_and_credits(article, snapshot, skipped)
        reversion.add_to_revision(article)
    return RestoreResult(article=article, skipped=skipped)
