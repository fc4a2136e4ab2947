"""Slug changes of stories, sections and tags: the old address is kept so that it redirects.

Called by whatever saves a slug (the admin's save, a restore) in the same transaction as the save.
"""

from django.db import transaction

from articles.models import Article, Section, SlugHistory, Tag

KIND_OF = {Article: SlugHistory.Kind.STORY, Section: SlugHistory.Kind.SECTION, Tag: SlugHistory.Kind.TAG}


@transaction.atomic
def record_slug(*, obj, old_slug: str | None, was_public: bool = True) -> None:
    """Note that ``obj`` now answers at its slug, and (if it changed) used to answer at ``old_slug``.

    ``was_public``: readers could reach ``old_slug`` (a story that was never published had no
    public address to keep).

    The current slug is never a redirect: a page that takes it, whether the same one taking a
    former slug back or another one reusing it, removes the redirect, so there are no loops and a
    reused slug shows the page that has it now.
    """
    kind = KIND_OF[type(obj)]
    SlugHistory.objects.filter(kind=kind, old_slug=obj.slug).delete()
    if old_slug and old_slug != obj.slug and was_public:
        SlugHistory.objects.update_or_create(kind=kind, old_slug=old_slug, defaults={"target_id": obj.pk})


def is_public(obj) -> bool:
    """True if readers can reach ``obj`` (as stored) at its slug: a published story, any section or tag."""
    return obj.pk is not None and (not isinstance(obj, Article) or obj.is_published())
