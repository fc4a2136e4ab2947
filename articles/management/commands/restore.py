"""Restore a backup made by manage.py backup onto an empty SQLite site, after checking every file."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.operations.manifest import BackupError
from articles.operations.restore import check_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Check a backup made by manage.py backup (every file against the manifest's SHA-256) and "
        "restore it onto this site, which must be empty (a new database; migrate may have run). A "
        "damaged or cut-short backup is refused and nothing is written. Safe to run again after a crash."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file, e.g. guozhen-2026-12-01.tar.")
        parser.add_argument("--check", action="store_true", help="Only check the backup; write nothing.")

    def handle(self, *args, backup, check=False, verbosity=1, **options):
        stream = getattr(self.stderr, "_out", self.stderr)

        def progress(total, description):
            return tqdm(
                total=total, desc=description, unit="B", unit_scale=True, file=stream, disable=verbosity < 1
            )

        try:
            if check:
                manifest = check_backup(backup, progress=progress)
                count = len(manifest["files"])
                self.stdout.write(self.style.SUCCESS(f"{backup} is complete: all {count} files match."))
                return
            result = restore_backup(backup, progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        stories = result.manifest["counts"].get("articles_article", 0)
        if result.already_restored:
            self.stdout.write(self.style.SUCCESS(f"This site already holds {backup}; nothing to do."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {stories} stories and {result.media_written} media files from {backup} "
                f"({result.media_kept} already in place)."
            )
        )
        if result.needs_migrate:
            self.stdout.write(
                self.style.WARNING("The backup has an older schema: run python manage.py migrate now.")
            )
