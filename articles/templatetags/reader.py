"""Template helpers for reader pages: story bodies with images in place, fallback markers, links."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname

from articles import seo
from articles.models import Article, ArticleImage, Section
from articles.rendering import split_body

register = template.Library()


ORIGINAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
ORIGINAL_LANG_ATTR = format_html(' lang="{}"', ORIGINAL)
NO_ATTR = mark_safe("")


def shows_fallback(obj, field: str, language: str | None = None) -> bool:
    """Return True if field is empty in the active language and the English text is shown instead.

    Mirrors modeltranslation's rule: an empty string or None is "not translated".
    """
    language = language or translation.get_language()
    if language == ORIGINAL:
        return False
    own = getattr(obj, build_localized_fieldname(field, language), None)
    return own in (None, "") and getattr(obj, build_localized_fieldname(field, ORIGINAL), None) not in (
        None,
        "",
    )


@register.simple_tag
def fallback_lang(obj, field: str, language: str | None = None) -> SafeString:
    """Return ` lang="en"` for an element showing English in place of a missing translation."""
    return ORIGINAL_LANG_ATTR if shows_fallback(obj, field, language) else NO_ATTR


@dataclass(frozen=True)
class StoryCard:
    """What a story card shows, worked out in Python: a home page has 20 cards, and each
    method call or filter in a Django template costs tens of microseconds per card."""

    url: str
    title: str
    title_lang: SafeString
    dek: str
    dek_lang: SafeString
    section_name: str
    section_url: str
    section_lang: SafeString
    published_iso: str
    published_text: str
    image: ArticleImage | None


@register.simple_tag
def story_cards(articles) -> list[StoryCard]:
    """Return a card for each story (section selected and images prefetched by the view)."""
    language = translation.get_language()
    sections: dict[int, tuple[str, str, SafeString]] = {}
    dates: dict = {}
    cards = []
    for article in articles:
        section = article.section
        if section.pk not in sections:
            sections[section.pk] = (
                section.name,
                section.get_absolute_url(),
                fallback_lang(section, "name", language),
            )
        published = article.published_at
        day = timezone.localdate(published) if published else None
        if day not in dates:  # stories of one day share the formatted date
            dates[day] = formats.date_format(day, "DATE_FORMAT") if day else ""
        section_name, section_url, section_lang = sections[section.pk]
        cards.append(
            StoryCard(
                url=article.get_absolute_url(),
                title=article.title,
                title_lang=fallback_lang(article, "title", language),
                dek=article.dek,
                dek_lang=fallback_lang(article, "dek", language),
                section_name=section_name,
                section_url=section_url,
                section_lang=section_lang,
                published_iso=published.isoformat() if published else "",
                published_text=dates[day],
                image=next(iter(article.images.all()), None),
            )
        )
    return cards


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
        # Django's 404 handler puts "exception" in the context of 404.html.
        request._reader_page_links = seo.page_links(request, found="exception" not in context)
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
