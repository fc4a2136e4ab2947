"""Writing the search index: one story, a few stories, or all of them."""

from collections.abc import Callable, Iterable

from django.apps import apps as global_apps
from django.db import transaction

from articles.search.backends import get_backend
from articles.search.documents import documents_for, iter_all_documents

BATCH = 500


def index_articles(article_ids: Iterable[int]) -> None:
    """Bring the index up to date for these stories, 500 at a time; deleted stories are removed."""
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    backend = get_backend()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        documents = documents_for(chunk)
        backend.upsert(documents)
        gone = set(chunk) - {doc.article_id for doc in documents}
        if gone:
            backend.delete(gone)


def remove_articles(article_ids: Iterable[int]) -> None:
    """Remove these stories from the index."""
    ids = [int(pk) for pk in article_ids if pk is not None]
    if ids:
        get_backend().delete(ids)


def rebuild_index(*, batch_size: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Rewrite the document of every story, then drop documents of stories that no longer exist.

    Documents are replaced in place, one batch per transaction, so searches stay complete during a
    rebuild and editors' saves (which need SQLite's single write lock) are not held up for minutes.
    Returns how many stories were indexed.
    """
    backend = get_backend()
    total = 0
    for documents in iter_all_documents(batch_size=batch_size):
        with transaction.atomic():
            backend.upsert(documents)
        total += len(documents)
        if progress:
            progress(len(documents))
    Article = global_apps.get_model("articles", "Article")
    existing = set(Article.objects.values_list("pk", flat=True))
    with transaction.atomic():
        backend.delete(backend.indexed_ids() - existing)
    backend.optimize()
    return total
