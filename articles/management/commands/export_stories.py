"""Write every section, tag and story, with the original images, to a portable zip archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.archive.export import SCHEMA, SCHEMA_VERSION, ExportError, export_archive
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Export all stories (every language and status), sections, tags and original images to a zip "
        f"holding a versioned JSON document ({SCHEMA}, version {SCHEMA_VERSION}). "
        "Load it with import_stories."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the zip, e.g. stories.zip.")
        parser.add_argument("--force", action="store_true", help="Replace the file if it exists.")

    def handle(self, *args, archive, force=False, verbosity=1, **options):
        path = Path(archive)
        if path.exists() and not force:
            raise CommandError(f"{path} already exists. Use --force to replace it.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        bar = tqdm(
            total=Article.objects.count(),
            desc="Exporting stories",
            unit="story",
            file=self.stderr._out,
            disable=verbosity < 1,
        )
        try:
            counts = export_archive(path, on_story=lambda article: bar.update())
        except ExportError as exc:
            raise CommandError(f"Export aborted, no archive was written: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"Could not write {path}: {exc}") from exc
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {counts['stories']} stories, {counts['images']} images, "
                f"{counts['sections']} sections and {counts['tags']} tags to {path}."
            )
        )
