"""What templates need to show an image, read from the row's renditions record alone.

No database query and no file access: URLs come from ``default_storage.url``, which only builds a
string (local disk, or S3 without signed URLs).
"""

from django.core.files.storage import default_storage

from articles.images.processing import MIME_TYPES

# The story column is at most 42rem wide (the reader stylesheet's --measure) and the full width on
# phones. Callers whose layout differs (story cards) pass their own sizes to the include.
DEFAULT_SIZES = "(min-width: 46rem) 42rem, 100vw"


def _files(image, kind: str) -> list[dict]:
    return (image.renditions or {}).get("files", {}).get(kind) or []


def _formats(image) -> list[str]:
    return [kind for kind in (image.renditions or {}).get("formats", []) if _files(image, kind)]


def _srcset(items: list[dict]) -> str:
    return ", ".join(f"{default_storage.url(item['name'])} {item['width']}w" for item in items)


def _described(item: dict) -> dict:
    return {"url": default_storage.url(item["name"]), "width": item["width"], "height": item["height"]}


def picture(image) -> dict:
    """Return the <picture> parts: modern sources, then the fallback <img> src, srcset and size.

    A row without renditions (made before this pipeline, or whose file could not be read) falls
    back to its stored original, so a page never breaks; regenerate_renditions repairs it.
    """
    formats = _formats(image)
    if not formats:
        url = image.image.url if image.image else ""
        return {
            "sources": [],
            "src": url,
            "srcset": "",
            "sizes": DEFAULT_SIZES,
            "width": image.width,
            "height": image.height,
        }
    *modern, fallback = formats
    fallback_items = _files(image, fallback)
    largest = fallback_items[-1]
    middle = next((item for item in fallback_items if item["width"] >= 960), largest)
    return {
        "sources": [{"type": MIME_TYPES[kind], "srcset": _srcset(_files(image, kind))} for kind in modern],
        "src": default_storage.url(middle["name"]),
        "srcset": _srcset(fallback_items),
        "sizes": DEFAULT_SIZES,
        "width": largest["width"],
        "height": largest["height"],
    }


def thumbnail(image) -> dict | None:
    """Return the smallest fallback rendition ({url, width, height}), or the original, or None."""
    formats = _formats(image)
    if formats:
        return _described(_files(image, formats[-1])[0])
    if image.image:
        return {"url": image.image.url, "width": image.width, "height": image.height}
    return None


def share(image) -> dict | None:
    """Return the largest JPEG (else WebP, else PNG) rendition for og:image, or the original."""
    for kind in ("jpeg", "webp", "png"):
        items = _files(image, kind)
        if items:
            return _described(items[-1])
    if image.image:
        return {"url": image.image.url, "width": image.width, "height": image.height}
    return None
