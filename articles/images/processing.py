"""Turn a checked image into a clean master and its renditions, in memory (Pillow only).

Nothing here touches storage or the database, so the benchmark times exactly this. Every output is
re-encoded from pixels: EXIF (GPS, camera, maker notes), XMP, comments and anything appended to the
file are left behind. Not even the ICC colour profile is carried over: it is a file format of its
own with room for any private tag, so the pixels are converted from it to sRGB and one standard
sRGB profile (``SRGB_PROFILE``, the same bytes every time) is embedded instead. The one exception is
opt-in: a story archive's master that is provably clean already (no profile, or exactly ours) is
kept byte for byte (see ``masters.py``).
"""

import io
import struct
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageOps, features

from articles.images.masters import clean_master_kind
from articles.images.validation import MESSAGES, open_header

WIDTHS = (480, 960, 1600)
# Bump when widths, formats or encoder settings change: regenerate_renditions rebuilds older sets.
VERSION = 1

# Encoder settings, tuned on the 12 MP benchmark photo (bench/images.py) for < 1.5 s per image.
_ENCODE = {
    "avif": ("AVIF", {"quality": 55, "speed": 8, "max_threads": 1}),
    "webp": ("WEBP", {"quality": 78, "method": 4}),
    "jpeg": ("JPEG", {"quality": 82, "progressive": True, "optimize": True}),
    "png": ("PNG", {"compress_level": 6}),
}
_MASTER = {"jpeg": {"quality": 90}, "png": {"compress_level": 6}}
ORIENTATION = 0x0112  # the EXIF tag
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}


def _standard_srgb() -> bytes:
    """lcms's built-in sRGB profile with a fixed creation date (bytes 24-35 of the ICC header).

    lcms stamps the current time, which would make every master differ from the last export's.
    """
    data = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return data[:24] + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + data[36:]


SRGB_PROFILE = _standard_srgb()
_SRGB = ImageCms.ImageCmsProfile(io.BytesIO(SRGB_PROFILE))


@dataclass
class Encoded:
    kind: str  # a key of MIME_TYPES
    width: int
    height: int
    data: bytes


@dataclass
class Processed:
    width: int
    height: int
    formats: list[str]  # in <source> order; the last one is the <img> fallback
    master: Encoded | None
    renditions: list[Encoded] = field(default_factory=list)


def rendition_formats(has_alpha: bool) -> list[str]:
    """Return the formats to make: AVIF (where Pillow encodes it), WebP, then a JPEG/PNG fallback."""
    modern = ["avif", "webp"] if features.check("avif") else ["webp"]
    return [*modern, "png" if has_alpha else "jpeg"]


def rendition_widths(width: int) -> list[int]:
    """Return the widths to make for a picture this wide: never wider than the picture itself.

    A target within 10 % of the picture's own width is replaced by that width, so a 1000 px
    picture gets 480 and 1000, not a near-duplicate 960.
    """
    return sorted({target if target < width * 0.9 else width for target in WIDTHS})


def process(data: bytes, *, clean_master: bool = True, keep_clean_master: bool = False) -> Processed:
    """Decode data once and return the renditions, plus a re-encoded master when clean_master.

    With keep_clean_master, data that is already a clean master (``articles.images.masters``: no
    metadata, nothing but pixels and an RGB colour profile) becomes the master as it is, byte for
    byte, instead of being re-encoded. Raises ValidationError for files that fail the header checks
    or cannot be decoded.
    """
    image = open_header(data)
    source_format = image.format
    kept_kind = clean_master_kind(data) if clean_master and keep_clean_master else None
    try:
        image.load()
        if image.getexif().get(ORIENTATION, 1) != 1:
            image = ImageOps.exif_transpose(image)  # a copy of 12 MP costs time: only when needed
            kept_kind = None
        source_icc = image.info.get("icc_profile")
        has_alpha, pixels, icc = _normalise(image)
    except ValidationError:
        raise
    except Exception:
        # Untrusted bytes: any decoder error means the file is unusable (see validation.open_header).
        raise ValidationError(MESSAGES["damaged"], code="damaged") from None
    formats = rendition_formats(has_alpha)
    master = None
    if kept_kind and source_icc in (None, b"", SRGB_PROFILE):  # any other profile is rebuilt
        master = Encoded(kind=kept_kind, width=pixels.width, height=pixels.height, data=data)
    elif clean_master:
        kind = "png" if has_alpha or source_format in ("PNG", "GIF") else "jpeg"
        master = _encode(pixels, kind, icc, _MASTER[kind])
    result = Processed(width=pixels.width, height=pixels.height, formats=formats, master=master)
    # Largest first, each made from the previous one: cheaper than resizing the full picture thrice.
    current = pixels
    for width in sorted(rendition_widths(pixels.width), reverse=True):
        height = max(1, round(pixels.height * width / pixels.width))
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for kind in formats:
            result.renditions.append(_encode(current, kind, icc, _ENCODE[kind][1]))
    result.renditions.sort(key=lambda r: (formats.index(r.kind), r.width))
    return result


def _normalise(image: Image.Image) -> tuple[bool, Image.Image, bytes | None]:
    """Return (has_alpha, RGB or RGBA pixels with no metadata, ICC profile to embed).

    The profile to embed is ``SRGB_PROFILE`` when the source had an RGB profile (its pixels are
    converted from it), else None (no profile: browsers assume sRGB).
    """
    icc = image.info.get("icc_profile") or None
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image.mode == "CMYK":
        image, icc = _cmyk_to_srgb(image, icc), None
    elif image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    wanted = "RGBA" if transparent else "RGB"
    if image.mode != wanted:
        image = image.convert(wanted)
    if transparent and image.getchannel("A").getextrema() == (255, 255):
        image, transparent = image.convert("RGB"), False
    if icc and not _is_rgb_profile(icc):
        icc = None  # a grey, CMYK or unreadable profile does not describe our RGB pixels
    if icc and icc != SRGB_PROFILE:
        image = _to_srgb(image, icc)
    image.info = {}  # nothing of the source's metadata can reach an encoder
    return transparent, image, SRGB_PROFILE if icc else None


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Convert RGB(A) pixels from the profile they were made in to sRGB (alpha is kept)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # unusable for conversion: the pixels are taken as sRGB already


def _is_rgb_profile(icc: bytes) -> bool:
    try:
        return ImageCms.getOpenProfile(io.BytesIO(icc)).profile.xcolor_space.strip() == "RGB"
    except (ImageCms.PyCMSError, OSError, ValueError):
        return False


def _cmyk_to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except ImageCms.PyCMSError:
            pass
    return image.convert("RGB")


def _encode(image: Image.Image, kind: str, icc: bytes | None, options: dict) -> Encoded:
    pil_format = _ENCODE[kind][0]
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    image.save(out, pil_format, **options, **extra)
    return Encoded(kind=kind, width=image.width, height=image.height, data=out.getvalue())
