"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the newest stories, and of one tag's.

In the language of the URL it is read at, like the RSS and Atom feeds (``feeds.py``); an item
whose headline falls back to English says so with its own ``language``.
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.models import Article, Tag
from articles.reader.feeds import FEED_LENGTH
from articles.reader.seo import bcp47
from articles.rendering import split_body

VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_TYPE = "application/feed+json"


def _absolute(request, url: str) -> str:
    return url if "://" in url else request.build_absolute_uri(url)


def _figure(request, image) -> str:
    if not image.share_url:
        return ""
    return format_html(
        '<figure><img src="{}" alt="{}"></figure>', _absolute(request, image.share_url), image.alt_text or ""
    )


def _content_html(request, article) -> str:
    """The body with each ``<!--image:N-->`` marker replaced by that image, and the images it does
    not place after it, as on the story page (feed readers show plain ``<img>``)."""
    images = list(article.images.all())
    parts, placed = [], set()
    for kind, value in split_body(article.body_html or ""):
        if kind == "html":
            parts.append(value)  # sanitised on save (articles/rendering.py)
        elif 0 < value <= len(images) and value not in placed:
            placed.add(value)
            parts.append(_figure(request, images[value - 1]))
    parts += [_figure(request, image) for n, image in enumerate(images, 1) if n not in placed]
    return "".join(parts)


def _item(request, article, language: str) -> dict:
    url = request.build_absolute_uri(article.get_absolute_url())
    images = list(article.images.all())
    item = {
        "id": url,
        "url": url,
        "title": article.title,
        "content_html": _content_html(request, article),
        "summary": article.dek,
        "date_published": article.published_at.isoformat(timespec="seconds"),
        # The substantive update time once corrections exist; until then the last save.
        "date_modified": article.updated_at.isoformat(timespec="seconds"),
        # Bylines replace the publication here once they exist.
        "authors": [{"name": settings.GUOZHEN_SITE_NAME}],
        "tags": [article.section.name, *(tag.name for tag in article.tags.all())],
        "language": language,
    }
    if language != "en" and not article.title_zh_hans:
        item["language"] = "en"  # the English original stands in for a missing translation
    if images and images[0].share_url:
        item["image"] = _absolute(request, images[0].share_url)
    return item


def _feed(request, *, title: str, home: str, feed_url: str, stories) -> HttpResponse:
    language = bcp47(translation.get_language())
    stories = (
        stories.select_related("section")
        .prefetch_related("tags", "images")
        .defer("body_en", "body_zh_hans", "translation_sources")
    )
    document = {
        "version": VERSION,
        "title": title,
        "home_page_url": request.build_absolute_uri(home),
        "feed_url": request.build_absolute_uri(feed_url),
        "description": _("Global AI field notes and model intelligence"),
        "language": language,
        "authors": [{"name": settings.GUOZHEN_SITE_NAME, "url": request.build_absolute_uri("/")}],
        "items": [_item(request, article, language) for article in stories[:FEED_LENGTH]],
    }
    body = json.dumps(document, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type=f"{CONTENT_TYPE}; charset=utf-8")


def latest(request):
    """The newest published stories."""
    return _feed(
        request,
        title=_("%(site)s: latest stories") % {"site": settings.GUOZHEN_SITE_NAME},
        home=reverse("articles:index"),
        feed_url=reverse("articles:feed-json"),
        stories=Article.objects.published(),
    )


def tag(request, slug):
    """The newest published stories with one tag."""
    found = get_object_or_404(Tag, slug=slug)
    return _feed(
        request,
        title=_("%(site)s: stories tagged “%(tag)s”")
        % {"site": settings.GUOZHEN_SITE_NAME, "tag": found.name},
        home=found.get_absolute_url(),
        feed_url=reverse("articles:tag-feed-json", kwargs={"slug": slug}),
        stories=Article.objects.published().filter(tags=found),
    )
