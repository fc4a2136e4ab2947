"""The one place that keeps the search index in step with edits (connected in ``ArticlesConfig.ready``).

Why signals here, when the house style keeps domain logic out of them: the index is derived data,
like a cache, and a story's text can change through many doors (the admin and its inlines, services,
``load_demo``, tag renames, cascading deletes, django-reversion restores). Hooking the model signals
once catches every door; explicit calls would have to be remembered in each. The index is written
synchronously in the same transaction as the edit, so a rolled-back edit leaves no index change.

Not covered, by design: ``QuerySet.update()`` and ``bulk_create()`` send no signals. Code that uses
them on indexed fields must call ``index_articles()``, or run ``manage.py rebuild_search_index``.
A status change alone never needs a re-index: visibility is checked at query time. A new publish
time does, because the index orders stories by it.
"""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from articles.languages import STORY_TEXT_FIELDS, columns
from articles.models import Article, ArticleImage, Tag, TaggedArticle, TermPair
from articles.search.index import index_articles, remove_articles

# Saving only these fields never changes a story's search document.
_UNINDEXED_FIELDS = {"status", "updated_at", "version", "slug", "section", "section_id"}
_UNINDEXED_FIELDS |= {"source_name", "source_url", "translation_sources", "body_html_en", "body_html_zh_hans"}


def _deleting(origin, model) -> bool:
    """True when a delete cascades from rows of ``model`` being deleted."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


def article_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= _UNINDEXED_FIELDS:
        return
    index_articles([instance.pk])


def article_deleted(sender, instance, **kwargs):
    remove_articles([instance.pk])


_IMAGE_INDEXED_FIELDS = {"caption", "caption_en", "caption_zh_hans", "article", "article_id"}


def image_changed(sender, instance, origin=None, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & _IMAGE_INDEXED_FIELDS:
        return  # e.g. the image pipeline storing renditions
    if not _deleting(origin, Article):  # the story's own deletion removes its document
        index_articles([instance.article_id])


def tagging_changed(sender, instance, origin=None, **kwargs):
    """A tag was added to or removed from a story (taggit's add/set/remove/clear)."""
    if not (_deleting(origin, Article) or _deleting(origin, Tag)):  # those are handled in batches
        index_articles([instance.content_object_id])


def _tag_names(pk) -> tuple | None:
    return Tag.objects.filter(pk=pk).values_list("name_en", "name_zh_hans").first()


def tag_saving(sender, instance, raw=False, **kwargs):
    instance._search_old_names = None if instance._state.adding else _tag_names(instance.pk)


def tag_saved(sender, instance, created=False, **kwargs):
    """A renamed tag changes the documents of every story that carries it."""
    if created or getattr(instance, "_search_old_names", None) == _tag_names(instance.pk):
        return
    index_articles(TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True))


def tag_deleting(sender, instance, **kwargs):
    ids = TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    instance._search_article_ids = list(ids)


def tag_deleted(sender, instance, **kwargs):
    index_articles(getattr(instance, "_search_article_ids", ()))


def _stories_using(*texts: str) -> list[int]:
    """Return the ids of stories whose text contains any of ``texts`` (in any case)."""
    wanted = [t for t in dict.fromkeys(texts) if t]
    if not wanted:
        return []
    match = reduce(or_, (Q(**{f"{c}__icontains": t}) for t in wanted for c in columns(STORY_TEXT_FIELDS)))
    return list(Article.objects.filter(match).values_list("pk", flat=True))


def term_saving(sender, instance, raw=False, **kwargs):
    old = None if instance._state.adding else TermPair.objects.filter(pk=instance.pk).first()
    instance._search_old_texts = (old.english, old.chinese) if old else ()


def term_changed(sender, instance, **kwargs):
    """A term pair is a synonym in the documents of the stories that use either side of it."""
    texts = (instance.english, instance.chinese, *getattr(instance, "_search_old_texts", ()))
    index_articles(_stories_using(*texts))


def connect() -> None:
    """Connect the handlers (idempotent: each has a dispatch_uid)."""
    post_save.connect(article_saved, sender=Article, dispatch_uid="search_article_saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search_article_deleted")
    post_save.connect(image_changed, sender=ArticleImage, dispatch_uid="search_image_saved")
    post_delete.connect(image_changed, sender=ArticleImage, dispatch_uid="search_image_deleted")
    post_save.connect(tagging_changed, sender=TaggedArticle, dispatch_uid="search_tagging_saved")
    post_delete.connect(tagging_changed, sender=TaggedArticle, dispatch_uid="search_tagging_deleted")
    pre_save.connect(tag_saving, sender=Tag, dispatch_uid="search_tag_saving")
    post_save.connect(tag_saved, sender=Tag, dispatch_uid="search_tag_saved")
    pre_delete.connect(tag_deleting, sender=Tag, dispatch_uid="search_tag_deleting")
    post_delete.connect(tag_deleted, sender=Tag, dispatch_uid="search_tag_deleted")
    pre_save.connect(term_saving, sender=TermPair, dispatch_uid="search_term_saving")
    post_save.connect(term_changed, sender=TermPair, dispatch_uid="search_term_saved")
    post_delete.connect(term_changed, sender=TermPair, dispatch_uid="search_term_deleted")
