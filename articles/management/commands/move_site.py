"""Move the whole site into another, empty database: python manage.py move_site --to DATABASE_URL."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.operations.move import MoveError, move_site


class Command(BaseCommand):
    help = (
        "Copy every row of this site (stories, images, tags, sections, users, groups and permissions, "
        "revisions, translation fingerprints, sessions, tasks) into another database, typically "
        "PostgreSQL, which must be empty; migrate it first and rebuild its search index after. Media "
        "files on S3 stay where they are; local ones are copied with --media-to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", required=True, help="The target, e.g. postgres://user:pw@host:5432/guozhen."
        )
        parser.add_argument(
            "--media-to", help="Copy local media files into this folder (the new site's MEDIA_ROOT)."
        )

    def handle(self, *args, to, media_to=None, verbosity=1, **options):
        stream = getattr(self.stderr, "_out", self.stderr)

        def progress(total):
            return tqdm(total=total, unit="step", file=stream, disable=verbosity < 1)

        try:
            result = move_site(to, media_to=media_to, progress=progress)
        except MoveError as exc:
            raise CommandError(str(exc)) from exc
        counts = result["counts"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Moved {counts.get('articles_article', 0)} stories, {counts.get('auth_user', 0)} users and "
                f"{counts.get('reversion_version', 0)} recorded versions; the search index is rebuilt."
            )
        )
        if media_to:
            self.stdout.write(f"Copied {result['media_copied']} media files to {media_to}.")
        else:
            self.stdout.write("Media files were left where they are (the same folder, or the bucket).")
