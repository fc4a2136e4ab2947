"""What pages need to show an image, read from the row's renditions record alone.

No database query and no file access. URLs come from the storage's ``url()``, which only builds a
string (local disk, or S3 without signed URLs). A list page names about a hundred rendition files,
so ``media_url`` asks the storage once for the shape of its URLs and then joins strings.
"""

import re
from html import escape

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.encoding import filepath_to_uri
from django.utils.safestring import SafeString

from articles.images.processing import MIME_TYPES

# The story column is at most 42rem wide (the reader stylesheet's --measure) and the full width on
# phones. Callers whose layout differs (story cards) pass their own sizes.
DEFAULT_SIZES = "(min-width: 46rem) 42rem, 100vw"

_PROBE = "guozhen-probe/x.jpg"
_PLAIN_NAME = re.compile(r"[A-Za-z0-9/._-]+")
_url_shape: list = [None, None]  # [the storage object, its URL prefix or None]


@receiver(setting_changed)
def _forget_url_shape(*, setting: str, **kwargs) -> None:
    # Tests change MEDIA_URL on the same storage object, which Django re-reads; so must we.
    if setting in ("MEDIA_URL", "STORAGES") or setting.startswith("AWS_"):
        _url_shape[:] = [None, None]


def media_url(name: str) -> str:
    """Return the public URL of a stored file, as ``default_storage.url(name)`` would.

    A storage whose URL for a probe name is a fixed prefix followed by the name (the file system,
    S3 with a custom domain or without signing) gets the prefix once; any other (signed URLs) is
    asked for every file. The prefix is worked out again whenever the storage object is replaced or
    the MEDIA_URL, STORAGES or AWS_* settings change (as tests do).
    """
    storage = storages["default"]
    if _url_shape[0] is not storage:
        probe = storage.url(_PROBE)
        prefix = probe[: -len(_PROBE)] if probe.endswith(_PROBE) else None
        _url_shape[:] = [storage, prefix]
    prefix = _url_shape[1]
    if prefix is None:
        return storage.url(name)
    # Rendition names are made of these characters only, and quoting would leave them unchanged.
    return prefix + (name if _PLAIN_NAME.fullmatch(name) else filepath_to_uri(name))


def _files(image, kind: str) -> list[dict]:
    return (image.renditions or {}).get("files", {}).get(kind) or []


def _formats(image) -> list[str]:
    return [kind for kind in (image.renditions or {}).get("formats", []) if _files(image, kind)]


def _srcset(items: list[dict]) -> str:
    return ", ".join(f"{media_url(item['name'])} {item['width']}w" for item in items)


def _described(item: dict) -> dict:
    return {"url": media_url(item["name"]), "width": item["width"], "height": item["height"]}


def picture(image) -> dict:
    """Return the <picture> parts: modern sources, then the fallback <img> src, srcset and size.

    A row without renditions (made before this pipeline, or whose file could not be read) falls
    back to its stored original, so a page never breaks; regenerate_renditions repairs it.
    """
    formats = _formats(image)
    if not formats:
        url = media_url(image.image.name) if image.image else ""
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
        "src": media_url(middle["name"]),
        "srcset": _srcset(fallback_items),
        "sizes": DEFAULT_SIZES,
        "width": largest["width"],
        "height": largest["height"],
    }


def picture_html(image, *, sizes: str = "", lazy: bool = True, priority: bool = False) -> SafeString:
    """Return the <picture> element for a story image: the only place its markup is made.

    ``sizes`` is the CSS width the image takes (default: the story column). The lead image gets
    ``fetchpriority="high"`` and is never lazy; others load lazily unless ``lazy`` is false. The alt
    text follows the page language and carries ``lang="en"`` when it falls back to English.

    Every value is escaped with ``html.escape`` (what Django's ``escape`` calls) in plain f-strings:
    a list page makes twenty of these, and ``format_html``'s per-value overhead doubled their cost.
    """
    pic = picture(image)
    sizes = escape(sizes or pic["sizes"])
    parts = ["<picture>"]
    for source in pic["sources"]:
        parts.append(f'<source type="{source["type"]}" srcset="{escape(source["srcset"])}" sizes="{sizes}">')
    srcset = f' srcset="{escape(pic["srcset"])}" sizes="{sizes}"' if pic["srcset"] else ""
    alt_lang = f' lang="{image.alt_lang}"' if image.alt_lang else ""
    if priority:
        loading = ' fetchpriority="high"'
    else:
        loading = ' loading="lazy" decoding="async"' if lazy else ' decoding="async"'
    parts.append(
        f'<img src="{escape(pic["src"])}"{srcset} width="{int(pic["width"] or 0)}"'
        f' height="{int(pic["height"] or 0)}" alt="{escape(str(image.alt_text or ""))}"{alt_lang}{loading}>'
        "</picture>"
    )
    return SafeString("".join(parts))


def thumbnail(image) -> dict | None:
    """Return the smallest fallback rendition ({url, width, height}), or the original, or None."""
    formats = _formats(image)
    if formats:
        return _described(_files(image, formats[-1])[0])
    if image.image:
        return {"url": media_url(image.image.name), "width": image.width, "height": image.height}
    return None


def share(image) -> dict | None:
    """Return the largest JPEG (else WebP, else PNG) rendition for og:image, or the original."""
    for kind in ("jpeg", "webp", "png"):
        items = _files(image, kind)
        if items:
            return _described(items[-1])
    if image.image:
        return {"url": media_url(image.image.name), "width": image.width, "height": image.height}
    return None


def rendition_list(image) -> list[dict]:
    """Return every rendition as {type, url, width, height}, modern formats first, small to large.

    A row without renditions lists its stored original alone (as ``picture`` falls back to it).
    """
    formats = _formats(image)
    if not formats:
        if not image.image:
            return []
        kind = image.image.name.rsplit(".", 1)[-1].lower()
        mime = MIME_TYPES.get("jpeg" if kind == "jpg" else kind, "application/octet-stream")
        return [{"type": mime, **_described_original(image)}]
    return [
        {"type": MIME_TYPES[kind], **_described(item)} for kind in formats for item in _files(image, kind)
    ]


def _described_original(image) -> dict:
    return {"url": media_url(image.image.name), "width": image.width, "height": image.height}
