"""Recording story revisions: every tracked write locks the story, records a baseline, bumps its version.

Every tracked write goes through :func:`tracked_change` (services, import) or the story admin.
Before it changes a story, :func:`ensure_baseline` records the state as it is when the history
does not hold it yet (a story made by ``load_demo`` or edited in a shell), so the first tracked
edit can always be undone.
"""

from contextlib import contextmanager

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import router, transaction
from django.utils import timezone
from reversion.models import Revision, Version

from articles.history import comments
from articles.history.registration import FOLLOWED, stored_fields
from articles.history.snapshots import snapshot_from_version, snapshot_of, story_versions
from articles.models import Article


def record_revision(article: Article, *, user=None, comment: str = "") -> Revision:
    """Record the story's stored state as a revision of its own, even inside another revision block.

    reversion merges nested ``create_revision()`` blocks into the outer one; a baseline or a
    pre-delete snapshot must stay separate, so the rows are written directly.
    """
    objects = [article]
    for model, link in FOLLOWED.items():
        objects += model.objects.filter(**{f"{link}_id": article.pk})
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
    record_revision(article, comment=comments.encode(comments.BASELINE))


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


def delete_with_snapshot(article: Article, *, by=None) -> None:
    """Delete a story after recording its last state, so an editor can recover it."""
    with transaction.atomic():
        record_revision(article, user=by, comment=comments.encode(comments.DELETED))
        article.delete()
