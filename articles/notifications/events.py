"""Who is told what when a story changes. Mail leaves only after the save commits.

A caller takes ``state_of(article)`` before changing a story and hands it to
``story_changed(before=..., article=..., by=...)`` after. The recipients are decided then, inside
the save's transaction; their tasks are enqueued by ``transaction.on_commit``, so a save that
fails or rolls back sends nothing, and an SMTP server that is down costs the save nothing: the
worker meets it later and retries.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction

from articles.models import Article, UserPreferences
from articles.roles import EDITORS
from articles.translations.status import DONE, OUTDATED, article_status

logger = logging.getLogger(__name__)

REVIEW, OUTDATED_ENGLISH, PUBLISHED = "review", "outdated", "published"
OPT_OUT_FIELD = {REVIEW: "notify_review", OUTDATED_ENGLISH: "notify_outdated", PUBLISHED: "notify_published"}


@dataclass(frozen=True)
class StoryState:
    status: str | None
    fields: dict = field(default_factory=dict)  # translation key -> missing / done / outdated


def state_of(article: Article | None) -> StoryState:
    """The parts of a stored story that decide mail: its status and its fields' translation states."""
    if article is None or article.pk is None:
        return StoryState(status=None)
    stored = Article.objects.prefetch_related("images").filter(pk=article.pk).first()
    if stored is None:
        return StoryState(status=None)
    return StoryState(status=stored.status, fields=dict(article_status(stored).fields))


def wants(user, kind: str) -> bool:
    """Return True if ``user`` is active staff with an address and has not turned ``kind`` off."""
    if user is None or not user.is_active or not user.is_staff or not user.email:
        return False
    return getattr(UserPreferences.for_user(user), OPT_OUT_FIELD[kind])


def editors():
    return get_user_model().objects.filter(groups__name=EDITORS, is_active=True, is_staff=True).distinct()


def _same_person(user, by) -> bool:
    return by is not None and getattr(by, "pk", None) == user.pk


def decide(
    *, before: StoryState, after: StoryState, article: Article, by=None
) -> list[tuple[str, int, list]]:
    """Return (kind, recipient id, outdated field keys) for every mail this change causes."""
    mails = []
    if after.status == Article.Status.REVIEW and before.status != Article.Status.REVIEW:
        mails += [(REVIEW, u.pk, []) for u in editors() if not _same_person(u, by) and wants(u, REVIEW)]
    went_stale = sorted(
        key for key, state in after.fields.items() if state == OUTDATED and before.fields.get(key) == DONE
    )
    translator = article.translator
    if went_stale and translator and not _same_person(translator, by) and wants(translator, OUTDATED_ENGLISH):
        mails.append((OUTDATED_ENGLISH, translator.pk, went_stale))
    writer = article.writer
    if (
        after.status == Article.Status.PUBLISHED
        and before.status != Article.Status.PUBLISHED
        and writer
        and not _same_person(writer, by)
        and wants(writer, PUBLISHED)
    ):
        mails.append((PUBLISHED, writer.pk, []))
    return mails


def story_changed(*, before: StoryState, article: Article, by=None) -> None:
    """Decide the mail a change to ``article`` causes; enqueue it once the transaction commits."""
    mails = decide(before=before, after=state_of(article), article=article, by=by)
    if not mails:
        return

    def enqueue():
        from articles.notifications.tasks import send_notification

        for kind, recipient_id, keys in mails:
            try:
                send_notification.enqueue(
                    kind=kind, article_id=article.pk, recipient_id=recipient_id, fields=keys
                )
            except DatabaseError:  # the save has committed: the queue failing must not undo its answer
                logger.exception("Could not enqueue %s mail for story %s", kind, article.pk)

    transaction.on_commit(enqueue)
