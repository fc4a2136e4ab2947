"""``manage.py webhooks add URL --events a,b``, ``list``, ``remove ID``, ``prune``, ``resume``."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles import services
from articles.models import EventType, WebhookEndpoint
from articles.outbox import delivery


class Command(BaseCommand):
    help = "Manage webhook endpoints: add (prints the id and the secret, once), list, remove; prune the log."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        add = commands.add_parser("add", help="Add an endpoint and print its id and signing secret.")
        add.add_argument("url")
        add.add_argument(
            "--events",
            required=True,
            help=f"Comma-separated, from: {', '.join(EventType.values)}.",
        )
        add.add_argument("--description", default="")
        commands.add_parser("list", help="List the endpoints (secrets are not shown).")
        remove = commands.add_parser("remove", help="Remove an endpoint with its deliveries.")
        remove.add_argument("id", type=int)
        commands.add_parser("prune", help="Remove the delivery log older than DJANGO_WEBHOOK_LOG_DAYS.")
        commands.add_parser(
            "resume", help="Queue the publish task of every scheduled story and a drain (after an upgrade)."
        )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _add(self, *, url, events, description, **options):
        endpoint = WebhookEndpoint(
            url=url, description=description, events=[e.strip() for e in events.split(",") if e.strip()]
        )
        try:
            services.create_endpoint(endpoint=endpoint)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"id: {endpoint.pk}\nsecret: {endpoint.secret}")

    def _list(self, **options):
        for endpoint in WebhookEndpoint.objects.all():
            state = "active" if endpoint.active else ("switched off" if endpoint.disabled_at else "inactive")
            self.stdout.write(f"{endpoint.pk}\t{state}\t{','.join(endpoint.events)}\t{endpoint.url}")

    def _remove(self, *, id, **options):
        endpoint = WebhookEndpoint.objects.filter(pk=id).first()
        if endpoint is None:
            raise CommandError(f"No webhook endpoint with id {id}.")
        services.remove_endpoint(endpoint=endpoint)
        self.stdout.write(f"removed: {id}")

    def _prune(self, **options):
        self.stdout.write(f"removed: {delivery.prune()} rows")

    def _resume(self, **options):
        self.stdout.write(f"scheduled stories queued: {services.resume_outbox()}")
