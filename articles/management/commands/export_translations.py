"""Write an XLIFF 1.2 file of stories' translatable fields for an outside translator."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.translations.exchange import export_xliff


class Command(BaseCommand):
    help = (
        "Export stories (by slug, or the translation queue with --queue) to XLIFF 1.2: one unit per "
        "translatable field of each story, its images and its tags. Read it back with import_translations."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Slugs of the stories to export.")
        parser.add_argument("--queue", action="store_true", help="Export the stories that need Chinese work.")
        parser.add_argument(
            "-o", "--output", required=True, help="Where to write the file, e.g. stories.xlf."
        )

    def handle(self, *args, slugs=(), queue=False, output, **options):
        if not slugs and not queue:
            raise CommandError("Name stories by slug, or use --queue.")
        stories = Article.objects.none()
        if slugs:
            stories = Article.objects.filter(slug__in=slugs)
            missing = set(slugs) - set(stories.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No story with the slug(s): {', '.join(sorted(missing))}.")
        if queue:
            stories = stories | Article.objects.needs_translation()
        stories = stories.distinct().order_by("pk").prefetch_related("images", "tags")
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        articles = list(stories)
        path.write_bytes(export_xliff(articles))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(articles)} stories to {path}."))
