"""Rebuild the renditions of every story image.

Idempotent: an image whose renditions match the current recipe and whose files all exist is
skipped (unless --force). Safe to interrupt: each image's new files are written first, the row is
switched to them in one UPDATE, and only then are the old files removed, so every row always names
a complete set. The first Ctrl-C finishes the current image and stops; run the command again to go on.
"""

import signal
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.caching.pages import bump_generation
from articles.images import rebuild
from articles.models import ArticleImage


class _StopFlag:
    requested = False


@contextmanager
def _stop_on_first_interrupt():
    """First Ctrl-C: set the flag (the current image is finished). Second Ctrl-C: stop at once."""
    flag = _StopFlag()

    def handler(signum, frame):
        flag.requested = True
        signal.signal(signal.SIGINT, previous)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not in the main thread (e.g. called from a worker): no graceful stop
        yield flag
        return
    try:
        yield flag
    finally:
        signal.signal(signal.SIGINT, previous)


class Command(BaseCommand):
    help = (
        "Make the responsive renditions (AVIF, WebP, JPEG at ~480/960/1600 px) of every story image. "
        "Skips images that are already complete; safe to interrupt and run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Rebuild every image, even those that are complete."
        )
        parser.add_argument("ids", nargs="*", type=int, help="Only these image ids (default: all).")

    def handle(self, *args, force=False, ids=(), **options):
        images = ArticleImage.objects.order_by("pk")
        if ids:
            images = images.filter(pk__in=ids)
        total = images.count()
        rebuilt = skipped = 0
        failures: list[str] = []
        interrupted = False
        # tqdm needs the raw stream: Django's wrapper would add a newline after every redraw.
        stream = getattr(self.stderr, "_out", self.stderr)
        with (
            _stop_on_first_interrupt() as stop,
            tqdm(total=total, file=stream, unit="image", desc="Renditions", mininterval=0.5) as bar,
        ):
            for image in images.iterator(chunk_size=100):
                if stop.requested:
                    interrupted = True
                    break
                try:
                    if rebuild(image, force=force):
                        # The pipeline updates rows without signals: cached pages name the old
                        # files, so they go stale as soon as this image's new files are in place.
                        bump_generation()
                        rebuilt += 1
                    else:
                        skipped += 1
                except (OSError, ValidationError) as exc:
                    message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                    failures.append(f"image {image.pk} ({image.image.name}): {message}")
                bar.update(1)
            interrupted = interrupted or stop.requested and bar.n < total
        summary = f"{rebuilt} rebuilt, {skipped} already complete, {len(failures)} failed, of {total} images."
        for failure in failures:
            self.stderr.write(f"  {failure}")
        if interrupted:
            raise CommandError(
                f"Interrupted: {summary} Run the command again to finish; finished images are kept.",
                returncode=130,
            )
        if failures:
            raise CommandError(f"{summary} Fix or replace the images listed above, then run again.")
        self.stdout.write(self.style.SUCCESS(summary))
