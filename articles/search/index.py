"""Writing the search index: one story, a few stories, or all of them."""

from collections.abc import Callable, Iterable

from django.db import transaction

from articles.search.backends import get_backend
from articles.search.documents import documents_for, iter_all_documents


def index_articles(article_ids: Iterable[int]) -> None:
    """Bring the index up to date for these stories; ids of deleted stories are removed."""
    ids = {int(pk) for pk in article_ids if pk is not None}
    if not ids:
        return
    backend = get_backend()
    documents = documents_for(ids)
    backend.upsert(documents)
    gone = ids - {doc.article_id for doc in documents}
    if gone:
        backend.delete(gone)


def remove_articles(article_ids: Iterable[int]) -> None:
    """Remove these stories from the index."""
    ids = [int(pk) for pk in article_ids if pk is not None]
    if ids:
        get_backend().delete(ids)


def rebuild_index(*, batch_size: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Replace the whole index with fresh documents for every story; return how many were indexed.

    Runs in one transaction, so searches keep seeing the old index until the new one is complete.
    """
    backend = get_backend()
    total = 0
    with transaction.atomic():
        backend.clear()
        for documents in iter_all_documents(batch_size=batch_size):
            backend.upsert(documents)
            total += len(documents)
            if progress:
                progress(len(documents))
    backend.optimize()
    return total
