"""Print a new preview link for a story that is not public, for scripts."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from reversion.models import Version

from articles import services
from articles.history.snapshots import story_versions
from articles.models import Article
from articles.services.previews import DEFAULT_HOURS, preview_url


class Command(BaseCommand):
    help = (
        "Make a preview link for the story with this slug and print it (the only time the link is "
        "shown). --hours sets how long it works (1 to 720, default 168); --revision pins it to a "
        "recorded version (its id, as in the story's history)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--hours", type=int, default=DEFAULT_HOURS)
        parser.add_argument("--revision", type=int, default=None, help="The id of a recorded version.")
        parser.add_argument("--language", default=None, help="en or zh-hans (default: the site's).")

    def handle(self, *args, slug, hours, revision, language, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No story has the slug {slug!r}.")
        version = None
        if revision is not None:
            try:
                version = story_versions(article.pk).get(pk=revision)
            except Version.DoesNotExist:
                raise CommandError(f"Story {slug!r} has no recorded version {revision}.") from None
        try:
            link, token = services.create_preview_link(article=article, hours=hours, version=version)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(preview_url(token, language))
        self.stderr.write(f"Works until {link.expires_at.isoformat(timespec='seconds')}.")
