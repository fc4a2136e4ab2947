"""Rebuild the full-text search index from every story, with a progress bar."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Article
from articles.search.index import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every story (drafts and scheduled stories too: who may see "
        "a story is checked when searching). Searches keep using the old index until it is done."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Stories read and written at a time (default 500)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar.")

    def handle(self, *args, batch_size=500, no_progress=False, verbosity=1, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        total = Article.objects.count()
        with tqdm(
            total=total,
            unit="story",
            desc="Indexing",
            file=sys.stderr,
            disable=no_progress or verbosity == 0,
            mininterval=0.5,
        ) as progress:
            indexed = rebuild_index(batch_size=batch_size, progress=progress.update)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} stories."))
