"""Store masters and renditions through Django's storage API, and remove them when no longer used.

Only ``default_storage.save/delete/exists/open/url`` are used (no filesystem paths), so the same code
runs on local disk and on S3-compatible storage via django-storages.

Life cycle of one image's files:
- new files are written before the row is saved; if the save (or, inside ``discard_new_files_on_error``,
  anything later in the same unit of work) fails, they are deleted again;
- files the row no longer points at (replaced, regenerated, deleted row) are deleted after the
  transaction commits, so a rolled-back change never loses the files the database still names.
"""

import contextvars
import logging
import secrets
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from articles.images import processing
from articles.images.masters import ArchivedMaster
from articles.images.validation import check_image_bytes, read_upload

logger = logging.getLogger(__name__)

_new_files: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("gz_new_files", default=None)


def rendition_names(renditions: dict) -> list[str]:
    """Return the storage names listed in a renditions record."""
    return [item["name"] for items in (renditions or {}).get("files", {}).values() for item in items]


def stored_names(image) -> set[str]:
    """Return every storage name an ArticleImage row points at: its master and its renditions."""
    names = set(rendition_names(image.renditions))
    if image.image and image.image.name:
        names.add(image.image.name)
    return names


def renditions_complete(image, *, check_files: bool = True) -> bool:
    """Return True if the row's renditions match the current recipe (and, by default, all exist)."""
    record = image.renditions or {}
    if not image.image or record.get("version") != processing.VERSION or not record.get("clean"):
        return False
    if record.get("source") != image.image.name:
        return False
    files = record.get("files", {})
    if set(files) != set(processing.rendition_formats("png" in files)):
        return False
    expected = processing.rendition_widths(image.width)
    if any([item["width"] for item in items] != expected for items in files.values()):
        return False
    return not check_files or all(default_storage.exists(name) for name in stored_names(image))


@contextmanager
def discard_new_files_on_error():
    """Delete the image files stored inside this block if the block raises.

    Wrap a unit of work that saves several images (a form with an inline formset, an import) so that
    a failure after the first image was stored leaves no files behind the rolled-back rows.
    """
    outer = _new_files.get()
    mine: list[str] = []
    token = _new_files.set(mine)
    try:
        yield
    except BaseException:
        delete_now(mine)
        raise
    finally:
        _new_files.reset(token)
    if outer is not None:
        outer.extend(mine)


@contextmanager
def preparing(image):
    """Make and store the image's files before the row is saved (used by ``ArticleImage.save``).

    Yields True when the row's file fields changed (they must then be part of the save).

    A new upload is checked and turned into a clean master plus renditions (an ``ArchivedMaster``
    that is clean already is stored byte for byte). A stored master whose
    renditions were made from another file (a row pointed at an existing file) is rebuilt. Anything
    else is saved as it is.
    """
    field_file = image.image
    new_upload = bool(field_file) and not field_file._committed
    stale = bool(field_file) and not new_upload and (image.renditions or {}).get("source") != field_file.name
    if not (new_upload or stale):
        yield False
        return
    old_master, old_names = _names_in_database(image)
    if new_upload:
        data = read_upload(field_file.file)
        check_image_bytes(data, decode=False)  # process() decodes, and maps decoder errors
        # Only a file from a story archive may be kept as it is, and only if it is a clean master.
        keep = isinstance(field_file.file, ArchivedMaster)
        built = processing.process(data, clean_master=True, keep_clean_master=keep)
    else:
        try:
            built = _process_stored(image.image.name, clean_master=True)
        except (OSError, ValidationError):
            # A row pointing at a missing or unreadable file must still be editable; the picture
            # include falls back to the original and regenerate_renditions reports the file.
            logger.warning("Could not make renditions for %s", field_file.name, exc_info=True)
            yield False
            return
    stored = _store(built, master_name=None, instance=image)
    try:
        _point_at(image, stored["source"], built.width, built.height)
        image.renditions = stored
        yield True
    except BaseException:
        delete_now([*rendition_names(stored), stored["source"]])
        raise
    delete_after_commit(
        old_names - stored_names(image), model=type(image), keep_if_used=old_master, pk=image.pk
    )


def rebuild(image, *, force: bool = False) -> bool:
    """Remake the renditions of a saved row (and clean its master if we never did); True if rebuilt.

    The row is updated only if it still names the master we read, so a concurrent replacement wins.
    The update sends no signal: a caller that rebuilt anything clears the page cache itself (cached
    pages name the old files), since the pipeline knows nothing of the cache.
    """
    if not force and renditions_complete(image):
        return False
    master = image.image.name
    clean = bool((image.renditions or {}).get("clean")) and image.renditions.get("source") == master
    built = _process_stored(master, clean_master=not clean)
    old_names = stored_names(image)
    stored = _store(built, master_name=master if clean else None, instance=image)
    new_names = {*rendition_names(stored), stored["source"]}
    try:
        updated = (
            type(image)
            ._default_manager.filter(pk=image.pk, image=master)
            .update(image=stored["source"], width=built.width, height=built.height, renditions=stored)
        )
    except BaseException:
        delete_now(new_names - old_names)
        raise
    if not updated:
        delete_now(new_names - old_names)
        return False
    delete_after_commit(old_names - new_names, model=type(image), keep_if_used=master, pk=image.pk)
    image.image.name, image.renditions = stored["source"], stored
    image.width, image.height = built.width, built.height
    return True


def delete_now(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete image file %s", name, exc_info=True)


def delete_after_commit(
    names: Iterable[str], *, model, keep_if_used: str | None, pk=None, using=None
) -> None:
    """Delete names once the transaction commits (at once outside one).

    With keep_if_used, nothing is deleted while another row still names that master: copies of a
    row share its files.
    """
    names = set(names)
    if not names:
        return

    def run():
        if keep_if_used and model._default_manager.filter(image=keep_if_used).exclude(pk=pk).exists():
            return
        delete_now(sorted(names))

    transaction.on_commit(run, using=using)


def delete_files_of_deleted_image(sender, instance, using, **kwargs) -> None:
    """post_delete handler for ArticleImage (one place for every delete path, cascades included)."""
    master = instance.image.name if instance.image else None
    delete_after_commit(
        stored_names(instance), model=sender, keep_if_used=master, pk=instance.pk, using=using
    )


def _names_in_database(image) -> tuple[str | None, set[str]]:
    """Return the master and all file names the saved row points at (before this save)."""
    if image.pk is None:
        return None, set()
    row = type(image)._default_manager.filter(pk=image.pk).values_list("image", "renditions").first()
    if row is None:
        return None, set()
    name, renditions = row
    return name or None, set(rendition_names(renditions)) | ({name} if name else set())


def _process_stored(name: str, *, clean_master: bool) -> processing.Processed:
    # Already stored, so the byte limit is not the question; the pixel limit still guards decoding.
    with default_storage.open(name, "rb") as stored_file:
        data = stored_file.read()
    return processing.process(data, clean_master=clean_master)


def _store(built: processing.Processed, *, master_name: str | None, instance) -> dict:
    """Save the master (unless master_name is given) and the renditions; return the record."""
    token = secrets.token_hex(8)
    month = f"{timezone.now():%Y/%m}"
    written: list[str] = []
    try:
        if master_name is None:
            ext = processing.EXTENSIONS[built.master.kind]
            target = instance.image.field.generate_filename(instance, f"{token}.{ext}")
            master_name = _save(target, built.master.data, written)
        files: dict[str, list[dict]] = {kind: [] for kind in built.formats}
        for item in built.renditions:
            target = f"renditions/{month}/{token}-{item.width}w.{processing.EXTENSIONS[item.kind]}"
            files[item.kind].append(
                {
                    "width": item.width,
                    "height": item.height,
                    "name": _save(target, item.data, written),
                    "bytes": len(item.data),
                }
            )
    except BaseException:
        delete_now(written)
        raise
    return {
        "version": processing.VERSION,
        "clean": True,
        "source": master_name,
        "formats": built.formats,
        "files": files,
    }


def _save(name: str, data: bytes, written: list[str]) -> str:
    stored = default_storage.save(name, ContentFile(data))
    written.append(stored)
    tracker = _new_files.get()
    if tracker is not None:
        tracker.append(stored)
    return stored


def _point_at(image, name: str, width: int, height: int) -> None:
    """Point the row's file field at an already stored master.

    Assigning a name through the field descriptor would make Django re-read the file from storage
    to measure it (a full download on S3); we know the size, so set the committed state directly.
    """
    field_file = image.image
    field_file.name = name
    field_file._committed = True
    field_file._file = None
    field_file._dimensions_cache = (width, height)
    image.width, image.height = width, height
