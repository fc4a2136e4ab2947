"""The story list's cards made from plain rows (``reads.py``): the same data as ``Serializer.card``.

Rows are read afresh on every request; what is made from them (a card's JSON text, a section, a
tag, the URL around a slug) is kept once per process for each distinct value: bounded LRU caches
keyed by every value the part is made from (the rows' columns, the language, the origin, the
script prefix and urlconf, the shape of media URLs). An edited row is a new key, so nothing is
served stale; only the work of making and encoding the same card again is saved.
"""

import json
from functools import lru_cache
from types import SimpleNamespace

from django.urls import get_script_prefix, get_urlconf

from articles.api import reads
from articles.api.language import text_in
from articles.api.responses import timestamp, to_json
from articles.api.serializers import path_affixes
from articles.images.serving import media_url, rendition_list
from articles.languages import CODES

# A file name whose URL shows the storage's URL shape: a fixed prefix (files, S3 unsigned) when
# the URL ends with it; otherwise (signed URLs) rendition URLs are made afresh each time.
_PROBE = "guozhen-api-probe/x.jpg"


def _paths(name: str):
    return [(code, path_affixes(name, code)) for code in CODES]


@lru_cache(maxsize=64)
def _affixes(name: str, origin: str, script_prefix: str, urlconf) -> tuple[tuple[str, str, str], ...]:
    """(language, absolute URL before the slug, after it) of URL ``name`` in each language."""
    return tuple((code, origin + before, after) for code, (before, after) in _paths(name))


@lru_cache(maxsize=16)
def _api_affixes(origin: str, script_prefix: str, urlconf) -> tuple[str, str]:
    """A story's URL in the API around its slug (in no language: the API's URLs have no prefix)."""
    before, after = path_affixes("api-v1:story", None)
    return origin + before, after


def _pages(name: str, slug: str, *context) -> dict:
    return {code: before + slug + after for code, before, after in _affixes(name, *context)}


@lru_cache(maxsize=512)
def _section(slug, position, name_en, name_zh, lang, origin, script_prefix, urlconf) -> dict:
    return {
        "slug": slug,
        "name": text_in(lang, name_en, name_zh),
        "pages": _pages("articles:section", slug, origin, script_prefix, urlconf),
        "position": position,
    }


@lru_cache(maxsize=4096)
def _tag(slug, name_en, name_zh, lang, origin, script_prefix, urlconf) -> dict:
    return {
        "slug": slug,
        "name": text_in(lang, name_en, name_zh),
        "pages": _pages("articles:tag", slug, origin, script_prefix, urlconf),
    }


def _image(row: tuple, lang: str, origin: str, media_shape: str) -> dict:
    """An IMAGE_COLUMNS row (without its story id) as ``Serializer.image`` makes it."""
    position, name, width, height, renditions, credit, credit_url, *texts = row
    caption_en, caption_zh, alt_en, alt_zh = texts
    stored = SimpleNamespace(
        renditions=json.loads(renditions) if renditions else None,
        image=SimpleNamespace(name=name) if name else None,
        width=width,
        height=height,
    )
    listed = rendition_list(stored)
    return {
        "position": position,
        "width": width,
        "height": height,
        "caption": text_in(lang, caption_en, caption_zh),
        "alt_text": text_in(lang, alt_en, alt_zh),
        "credit": credit,
        "credit_url": credit_url,
        # Local media URLs are paths; S3's are absolute already.
        "renditions": [
            {**item, "url": origin + item["url"]} if item["url"].startswith("/") else item for item in listed
        ],
    }


def _card(row, lead, tags, lang, origin, script_prefix, urlconf, media_shape) -> str:
    """A story's card as JSON text, from its STORY_COLUMNS row, lead image row and tag rows."""
    pk, slug, kind, title_en, title_zh, dek_en, dek_zh, published, updated, *section = row
    resolver = (script_prefix, urlconf)
    api_before, api_after = _api_affixes(origin, *resolver)
    card = {
        "slug": slug,
        "url": api_before + slug + api_after,
        "type": kind,
        "title": text_in(lang, title_en, title_zh),
        "dek": text_in(lang, dek_en, dek_zh),
        "section": _section(*section, lang, origin, *resolver),
        "tags": [_tag(*tag[1:], lang, origin, *resolver) for tag in tags],
        "image": _image(lead[1:], lang, origin, media_shape) if lead else None,
        "published_at": timestamp(published),
        "updated_at": timestamp(updated),
        "pages": _pages("articles:detail", slug, origin, *resolver),
    }
    return to_json(card)


# Keyed by every row the card is made from: an edited story, image or tag is a different key.
_cached_card = lru_cache(maxsize=2048)(_card)


def cards_json(request, lang: str, rows: list[tuple]) -> list[str]:
    """The cards of STORY_COLUMNS ``rows`` as JSON texts, in order; two queries (images, tags) in all.

    ``to_json`` of the list of cards is ``"[" + ",".join(these) + "]"``, byte for byte.
    """
    origin = request.build_absolute_uri("/").rstrip("/")
    resolver = (get_script_prefix(), get_urlconf())
    ids = [row[0] for row in rows]
    images, tags = reads.lead_images(ids), reads.tags(ids)
    media_shape = media_url(_PROBE)
    card = _cached_card if media_shape.endswith(_PROBE) else _card  # signed URLs: made afresh
    return [
        card(row, images.get(row[0]), tuple(tags[row[0]]), lang, origin, *resolver, media_shape)
        for row in rows
    ]
