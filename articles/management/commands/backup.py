"""Back up a running SQLite site: the database (online backup API), media files and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.operations.backup import backup_size, make_backup
from articles.operations.manifest import BackupError


class Command(BaseCommand):
    help = (
        "Write a consistent backup of this SQLite site to one tar file: the database copied with "
        "SQLite's online backup API while the site keeps running, every media file, and manifest.json "
        "(schema version, row counts, SHA-256 of every file). Put it back with manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="Where to write the backup, e.g. guozhen-2026-12-01.tar.")
        parser.add_argument("--force", action="store_true", help="Replace the file if it exists.")

    def handle(self, *args, out, force=False, verbosity=1, **options):
        path = Path(out)
        if path.exists() and not force:
            raise CommandError(f"{path} already exists. Use --force to replace it.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        stream = getattr(self.stderr, "_out", self.stderr)

        def progress(total):
            return tqdm(
                total=total, desc="Backing up", unit="B", unit_scale=True, file=stream, disable=verbosity < 1
            )

        try:
            manifest = make_backup(path, progress=progress, warn=lambda text: self.stderr.write(text))
        except BackupError as exc:
            raise CommandError(f"No backup was written: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"Could not write {path}: {exc}") from exc
        media = sum(1 for name in manifest["files"] if name != manifest["database"])
        stories = manifest["counts"].get("articles_article", 0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {stories} stories and {media} media files to {path} "
                f"({backup_size(manifest):,} bytes)."
            )
        )
