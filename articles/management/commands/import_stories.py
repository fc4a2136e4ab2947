"""Load a story archive made by export_stories: all of it in one transaction, or nothing."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.archive.validation import ArchiveError
from articles.services import import_archive


class Command(BaseCommand):
    help = (
        "Import sections, tags and stories from a zip made by export_stories. Records are matched by slug, "
        "so running it twice changes nothing. A bad record aborts the whole import and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The zip to load, e.g. stories.zip.")
        parser.add_argument("--user", help="Username to record as the author of the import in story history.")

    def handle(self, *args, archive, user=None, verbosity=1, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user named {user!r}.")

        def progress(total):
            return tqdm(
                total=total,
                desc="Importing stories",
                unit="story",
                file=self.stderr._out,
                disable=verbosity < 1,
            )

        try:
            summary = import_archive(archive, user=account, progress=progress)
        except ArchiveError as exc:
            raise CommandError(f"Import aborted, nothing was written. {exc}") from exc
        for kind in ("sections", "tags", "stories"):
            counts = getattr(summary, kind)
            self.stdout.write(
                f"{kind.capitalize()}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged."
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {archive}."))
