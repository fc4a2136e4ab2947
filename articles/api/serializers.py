"""Stories, images, sections and tags as plain data in one language, with absolute URLs.

Everything here reads rows already loaded (``stories.attach_related``): no function runs a query,
so a page of 100 stories costs what a page of 20 does.
"""

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

from articles.api.language import translated
from articles.api.responses import timestamp
from articles.images.serving import rendition_list
from articles.languages import CODES

_SLUG = "guozhen-slug-placeholder"


@lru_cache(maxsize=64)
def _path_pattern(name: str, code: str | None, script_prefix: str, urlconf) -> str:
    """The path of URL ``name`` in language ``code`` with a placeholder slug, reversed once per process.

    A page of 100 stories names about 800 URLs; reverse() in a language costs a few hundred
    microseconds each time. The script prefix and urlconf are part of the key, so they cannot go stale.
    """
    with translation.override(code):
        return reverse(name, kwargs={"slug": _SLUG})


def path_affixes(name: str, code: str | None) -> tuple[str, str]:
    """The path of URL ``name`` in language ``code`` around its slug: (before, after)."""
    before, _, after = _path_pattern(name, code, get_script_prefix(), get_urlconf()).partition(_SLUG)
    return before, after


class Serializer:
    """Turns rows into the API's data for one request and one language."""

    def __init__(self, request, lang: str):
        self.request, self.lang = request, lang
        self.origin = request.build_absolute_uri("/").rstrip("/")
        self._resolver = (get_script_prefix(), get_urlconf())

    def _url(self, name: str, slug: str, code: str | None = None) -> str:
        return self.origin + _path_pattern(name, code, *self._resolver).replace(_SLUG, slug)

    def _absolute(self, rendition: dict) -> dict:
        # Local media URLs are paths; S3's are absolute already.
        if rendition["url"].startswith("/"):
            return {**rendition, "url": self.origin + rendition["url"]}
        return rendition

    def pages(self, name: str, slug: str) -> dict:
        return {code: self._url(name, slug, code) for code in CODES}

    def text(self, obj, field: str) -> dict:
        return translated(obj, field, self.lang)

    def section(self, section) -> dict:
        return {
            "slug": section.slug,
            "name": self.text(section, "name"),
            "pages": self.pages("articles:section", section.slug),
            "position": section.position,
        }

    def tag(self, tag, **extra) -> dict:
        return {
            "slug": tag.slug,
            "name": self.text(tag, "name"),
            "pages": self.pages("articles:tag", tag.slug),
            **extra,
        }

    def image(self, image) -> dict:
        return {
            "position": image.position,
            "width": image.width,
            "height": image.height,
            "caption": self.text(image, "caption"),
            "alt_text": self.text(image, "alt_text"),
            "credit": image.credit,
            "credit_url": image.credit_url,
            "renditions": [self._absolute(item) for item in rendition_list(image)],
        }

    def card(self, article) -> dict:
        images, tags = article.api_images, article.api_tags  # see stories.attach_related
        return {
            "slug": article.slug,
            "url": self._url("api-v1:story", article.slug),
            "type": article.story_type,
            "title": self.text(article, "title"),
            "dek": self.text(article, "dek"),
            "section": self.section(article.section),
            "tags": [self.tag(tag) for tag in tags],
            "image": self.image(images[0]) if images else None,
            "published_at": timestamp(article.published_at),
            "updated_at": timestamp(article.updated_at),
            "pages": self.pages("articles:detail", article.slug),
        }

    def person(self, author) -> dict:
        return {
            "slug": author.slug,
            "name": self.text(author, "name"),
            "job_title": self.text(author, "job_title"),
            "pages": self.pages("articles:author", author.slug),
        }

    def note(self, note) -> dict:
        return {"kind": note.kind, "text": self.text(note, "text"), "noted_at": timestamp(note.noted_at)}

    def story(self, article) -> dict:
        credits = article.api_credits  # see stories.attach_story_extras
        return {
            **self.card(article),
            "body_html": self.text(article, "body_html"),
            "why_it_matters": self.text(article, "why_it_matters"),
            "images": [self.image(image) for image in article.api_images],
            "source": {"name": article.source_name, "url": article.source_url},
            "bylines": [self.person(c.author) for c in credits if c.role == c.Role.BYLINE],
            "translators": [self.person(c.author) for c in credits if c.role == c.Role.TRANSLATOR],
            "notes": [self.note(note) for note in article.api_notes],
        }
