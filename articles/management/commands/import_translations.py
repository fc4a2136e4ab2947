"""Apply the Chinese of an XLIFF exchange file (all of it, or nothing if the file is refused)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.translations.exchange import MAX_BYTES


class Command(BaseCommand):
    help = (
        "Import an XLIFF file made by export_translations: only Chinese fields change; units whose "
        "English changed since the export are saved and marked outdated. A bad file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The XLIFF file, e.g. stories.xlf.")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("Refused, nothing was applied: the file is larger than 10 MB.")
        try:
            report = services.import_translations(data=path.read_bytes(), name=path.name)
        except ValidationError as exc:
            raise CommandError(f"Refused, nothing was applied: {' '.join(exc.messages)}") from exc
        self.stdout.write(
            f"Applied: {report.applied}, unchanged: {report.unchanged}, "
            f"outdated: {len(report.outdated)}, refused: {report.refused}."
        )
        for key in report.outdated:
            self.stdout.write(f"Outdated (the English changed since the export): {key}")
