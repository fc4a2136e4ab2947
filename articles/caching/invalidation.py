"""Page-cache invalidation: one of two signal modules (search/signals.py keeps the search index).

Any save or delete of a story, its images, tags, tag links, sections, authors, credits or notes
bumps the page-cache generation, which makes every cached page stale on every app server. The bump runs twice:

- at once, inside the writing transaction, so code (and tests) reading pages in the same
  transaction never see a cached page; if the cache is unreachable, the save fails and is rolled
  back, rather than leaving pages that may be stale later;
- again on commit, because a reader may have rendered and cached the old content between the first
  bump and the commit. Both run before the save's request returns.

Writes that bypass ``save()`` and ``delete()`` (``QuerySet.update()``, ``bulk_create()``, raw SQL)
send no signals: call ``articles.caching.pages.bump_generation()`` after them.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.caching.pages import bump_generation


def pages_changed(sender, using=None, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after; the "post_" half is enough
    bump_generation()
    transaction.on_commit(bump_generation, using=using, robust=True)


def connect() -> None:
    from articles.models import Article, ArticleImage, Author, Credit, Section, StoryNote, Tag, TaggedArticle

    for model in (Article, ArticleImage, Section, Tag, TaggedArticle, Author, Credit, StoryNote):
        label = model._meta.label_lower
        post_save.connect(pages_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(pages_changed, sender=model, dispatch_uid=f"pagecache-delete-{label}")
    m2m_changed.connect(pages_changed, sender=Article.tags.through, dispatch_uid="pagecache-m2m-tags")
