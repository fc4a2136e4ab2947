"""Template helpers for reader pages: story bodies with images in place, fallback markers, links."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname

from articles import seo
from articles.models import Article, ArticleImage, Section
from articles.rendering import split_body

register = template.Library()


def shows_fallback(obj, field: str) -> bool:
    """Return True if field is empty in the active language and the English text is shown instead.

    Mirrors modeltranslation's rule: an empty string or None is "not translated".
    """
    language = translation.get_language()
    if language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return False
    own = getattr(obj, build_localized_fieldname(field, language), None)
    english = getattr(obj, build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE), None)
    return own in (None, "") and english not in (None, "")


@register.simple_tag
def fallback_lang(obj, field: str) -> SafeString:
    """Return ` lang="en"` for an element showing English in place of a missing translation."""
    if shows_fallback(obj, field):
        return format_html(' lang="{}"', settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    return mark_safe("")


@dataclass(frozen=True)
class BodyPart:
    html: SafeString | None = None
    image: ArticleImage | None = None
    priority: bool = False


@register.simple_tag
def story_parts(article) -> list[BodyPart]:
    """Split the story body into HTML and images: ``[image N]`` places the Nth image (by position).

    Images the body does not place follow it. The first image on the page loads with priority, the
    others lazily. Markers for images that do not exist, or repeats, are dropped.
    """
    images = list(article.images.all())
    placed: set[int] = set()
    parts: list[BodyPart] = []
    for kind, value in split_body(article.body_html or ""):
        if kind == "html":
            # body_html was sanitized with an allow-list when the story was saved (rendering.py).
            parts.append(BodyPart(html=mark_safe(value)))
        elif 1 <= value <= len(images) and value not in placed:
            placed.add(value)
            parts.append(BodyPart(image=images[value - 1]))
    parts += [BodyPart(image=image) for n, image in enumerate(images, start=1) if n not in placed]
    for index, part in enumerate(parts):
        if part.image is not None:
            parts[index] = BodyPart(image=part.image, priority=True)
            break
    return parts


@register.simple_tag
def link_or_text(url: str, text: str) -> SafeString:
    """Return text as a link to url, or as escaped text when there is no URL."""
    if url:
        return format_html('<a href="{}" rel="noopener">{}</a>', url, text)
    return format_html("{}", text)


@register.simple_tag(takes_context=True)
def page_links(context) -> seo.PageLinks | None:
    """Return the canonical and per-language URLs of the current page (computed once per request)."""
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_reader_page_links"):
        request._reader_page_links = seo.page_links(request)
    return request._reader_page_links


@register.simple_tag(takes_context=True)
def nav_sections(context) -> list[Section]:
    """Return the sections for the navigation; views pass them in, other pages (404) load them."""
    sections = context.get("nav_sections")
    return list(Section.objects.all()) if sections is None else sections


@register.filter
def hreflang(code: str) -> str:
    return seo.bcp47(code)


@register.simple_tag(takes_context=True)
def open_graph_tags(context, title, description, article=None):
    """Return Open Graph and Twitter card (attribute, name, content) triples for this page."""
    links = page_links(context)
    if links is None:
        return []
    return seo.open_graph(
        context["request"],
        title=str(title),
        description=str(description),
        url=links.canonical,
        article=article if isinstance(article, Article) else None,
    )


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article) -> SafeString:
    """Return the story's schema.org NewsArticle as JSON that is safe inside a <script> element."""
    links = page_links(context)
    return seo.json_script_text(seo.news_article(context["request"], article, links))
