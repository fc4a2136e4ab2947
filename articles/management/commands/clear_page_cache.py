"""Make every cached reader page stale on every app server at once."""

from django.core.management.base import BaseCommand

from articles.caching.pages import bump_generation, current_generation


class Command(BaseCommand):
    help = (
        "Make every cached page stale on every app server. Saves in the admin do this by themselves; "
        "run it after changing stories with QuerySet.update(), bulk_create() or SQL, or after a deploy "
        "that changes templates."
    )

    def handle(self, *args, **options):
        before = current_generation()
        bump_generation()
        self.stdout.write(
            self.style.SUCCESS(f"Page cache cleared (generation {before} -> {current_generation()}).")
        )
