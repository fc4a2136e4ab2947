"""Upload checks for story images: what the bytes are, not what the file name says.

Every check runs before any file is stored. The order matters: the byte limit first (cheap), then
the image header (format and declared size, read without decoding pixels, so a decompression bomb
is refused before it can allocate memory), then a scan for content hidden next to the picture
(polyglots), then a decode that finds truncated or corrupt files.
"""

import io
import math
import re
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, features

# Pillow format name -> (file extension, MIME type). MPO is a JPEG with extra frames (phones).
_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
    "GIF": ("gif", "image/gif"),
    "AVIF": ("avif", "image/avif"),
}

MESSAGES = {
    "too_large": _("This file is %(size)s; the limit for images is %(limit)s. Export a smaller file."),
    "too_many_pixels": _(
        "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is "
        "%(limit)s megapixels. Resize it before uploading."
    ),
    "bomb": _(
        "This file declares an image of %(megapixels)s megapixels, far over the limit of %(limit)s "
        "megapixels; it was refused without being opened."
    ),
    "not_an_image": _(
        "This file is not a JPEG, PNG, WebP, GIF or AVIF image, whatever its name says. SVG, HTML, "
        "PDF, TIFF, HEIC and other files cannot be uploaded as pictures; export a JPEG or PNG first."
    ),
    "damaged": _(
        "This image file is damaged or incomplete (for example cut off during a download), so it "
        "cannot be read. Export or download it again."
    ),
    "foreign_content": _(
        "This image file also carries other content (%(kind)s) and was refused for safety. Save the "
        "picture again from an image editor and upload that copy."
    ),
}

# Markers of content that a browser, PDF reader or script engine would act on. Compressed image
# data is close to random, so each pattern is long or specific enough that a real photo of 15 MB
# matches it by chance far less than once in a million uploads.
_FOREIGN = re.compile(
    rb"<(?:script[\s>/]|html[\s>]|!doctype\s+html|iframe[\s>/]|object[\s>/]|embed[\s>/]|\?php\s"
    rb"|svg[\s/][^>]{0,500}?(?:xmlns|on[a-z]+\s*=))"
    rb"|%PDF-\d\.\d",
    re.IGNORECASE,
)
_ZIP_END = b"PK\x05\x06"


@dataclass(frozen=True)
class ImageInfo:
    """What the header says: Pillow's format name and the declared pixel size."""

    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return _FORMATS[self.format][0]


def accepted_formats() -> dict[str, tuple[str, str]]:
    """Return the accepted Pillow formats; AVIF only where the installed Pillow reads it."""
    if features.check("avif"):
        return dict(_FORMATS)
    return {name: value for name, value in _FORMATS.items() if name != "AVIF"}


def accepted_mime_types() -> list[str]:
    return sorted({mime for _ext, mime in accepted_formats().values()})


def max_bytes() -> int:
    return settings.GUOZHEN_IMAGE_MAX_BYTES


def max_pixels() -> int:
    return settings.GUOZHEN_IMAGE_MAX_PIXELS


def megapixels(pixels: int) -> str:
    """Format a pixel count in megapixels: "40", "12.5", "0.003" (in the active locale)."""
    value = pixels / 1_000_000
    if pixels % 1_000_000 == 0 or value >= 100:
        return number_format(round(value), decimal_pos=0)
    decimals = min(3, max(1, 2 - math.floor(math.log10(value))))
    return number_format(round(value, decimals), decimal_pos=decimals)


def limits_help_text() -> str:
    """Tell editors what may be uploaded, with the limits in force."""
    return gettext(
        "JPEG, PNG, WebP, GIF or AVIF, at most %(size)s and %(megapixels)s megapixels. Location and "
        "camera data are removed when the picture is stored; animated GIFs keep only their first frame."
    ) % {"size": filesizeformat(max_bytes()), "megapixels": megapixels(max_pixels())}


def read_upload(file, *, limit: int | None = None) -> bytes:
    """Return the file's bytes, refusing (without reading on) anything over the byte limit."""
    limit = max_bytes() if limit is None else limit
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large(size, limit)
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise _too_large(size or len(data), limit)
    return data


def check_image_bytes(data: bytes, *, decode: bool = True) -> ImageInfo:
    """Raise ValidationError unless data is an accepted, intact image within the pixel limit."""
    image = open_header(data)
    found = find_foreign_content(data)
    if found:
        raise ValidationError(MESSAGES["foreign_content"], code="foreign_content", params={"kind": found})
    info = ImageInfo(format=image.format, width=image.width, height=image.height)
    if decode:
        _decode(image)
    return info


def validate_image_upload(file) -> ImageInfo:
    """Check an uploaded file with every rule (size, content, format, pixels, integrity).

    The function for any path that accepts pictures: the admin form field, an import command.
    """
    return check_image_bytes(read_upload(file))


def find_foreign_content(data: bytes) -> str:
    """Return a short name of the non-image content hidden in data, or "" when there is none."""
    match = _FOREIGN.search(data)
    if match:
        return "PDF" if match.group(0).startswith(b"%") else "HTML/script"
    # A ZIP (or JAR, or Office file) is read from its end record, which sits in the last 64 KB.
    tail_start = max(0, len(data) - 65_557)
    at = data.rfind(_ZIP_END, tail_start)
    if at != -1 and at + 22 <= len(data):
        comment_length = int.from_bytes(data[at + 20 : at + 22], "little")
        if at + 22 + comment_length == len(data):
            return "ZIP"
    return ""


def open_header(data: bytes) -> Image.Image:
    """Open data lazily (header only) and enforce the format and pixel limit before any decoding."""
    limit = max_pixels()
    try:
        with warnings.catch_warnings():
            # Our own limit below is lower than Pillow's warning threshold; silence the duplicate.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # Only our formats' parsers ever see the bytes (never EPS, which would run Ghostscript).
            # (MPO files are opened by the JPEG parser, which is why MPO is not in the list.)
            parsers = [name for name in accepted_formats() if name != "MPO"]
            image = Image.open(io.BytesIO(data), formats=parsers)
    except Image.DecompressionBombError as exc:
        # Pillow refuses sizes over twice its own limit before we see them; its message has the count.
        declared = re.search(r"\((\d+) pixels\)", str(exc))
        raise ValidationError(
            MESSAGES["bomb"],
            code="too_many_pixels",
            params={
                "megapixels": megapixels(int(declared.group(1))) if declared else "?",
                "limit": megapixels(limit),
            },
        ) from None
    except Image.UnidentifiedImageError:
        raise ValidationError(MESSAGES["not_an_image"], code="not_an_image") from None
    except Exception:
        # Pillow's header parsers raise many exception types on malformed input (SyntaxError,
        # struct.error, ValueError...); for untrusted bytes every one of them means "damaged".
        raise ValidationError(MESSAGES["damaged"], code="damaged") from None
    if image.format not in accepted_formats():
        raise ValidationError(MESSAGES["not_an_image"], code="not_an_image")
    width, height = image.size
    if width < 1 or height < 1:
        raise ValidationError(MESSAGES["damaged"], code="damaged")
    if width * height > limit:
        raise ValidationError(
            MESSAGES["too_many_pixels"],
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "megapixels": megapixels(width * height),
                "limit": megapixels(limit),
            },
        )
    return image


def _decode(image: Image.Image) -> None:
    """Decode the pixels to prove the file is complete. JPEGs decode at 1/8 scale: still every byte."""
    try:
        if image.format in ("JPEG", "MPO"):
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
    except Exception:
        # See open_header: any decoder error on untrusted bytes means the file is unusable.
        raise ValidationError(MESSAGES["damaged"], code="damaged") from None


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        MESSAGES["too_large"],
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
    )
