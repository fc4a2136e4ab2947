"""Story images: upload checks, metadata stripping, responsive renditions and file clean-up.

Why our own small Pillow module rather than django-imagekit, easy-thumbnails or sorl-thumbnail:
renditions must exist before a reader asks (made on save), a page must render them without a
query or a storage round trip per image, any Django storage must work, and WebP plus AVIF must be
produced. The record of every rendition lives in ``ArticleImage.renditions`` (JSON), so rendering
needs only the row the page already has.
"""

from articles.images.forms import ImageUploadField
from articles.images.masters import ArchivedMaster, clean_master_kind
from articles.images.processing import WIDTHS, process, rendition_widths
from articles.images.serving import DEFAULT_SIZES, picture_html, share, thumbnail
from articles.images.storage import (
    delete_files_of_deleted_image,
    discard_new_files_on_error,
    preparing,
    rebuild,
    renditions_complete,
    stored_names,
)
from articles.images.validation import (
    ImageInfo,
    check_image_bytes,
    limits_help_text,
    validate_image_upload,
)

__all__ = [
    "ArchivedMaster",
    "DEFAULT_SIZES",
    "WIDTHS",
    "ImageInfo",
    "ImageUploadField",
    "check_image_bytes",
    "clean_master_kind",
    "delete_files_of_deleted_image",
    "discard_new_files_on_error",
    "limits_help_text",
    "picture_html",
    "preparing",
    "process",
    "rebuild",
    "rendition_widths",
    "renditions_complete",
    "share",
    "stored_names",
    "thumbnail",
    "validate_image_upload",
]
