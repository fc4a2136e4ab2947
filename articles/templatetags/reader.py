"""Template helpers for reader pages: story bodies with images in place, fallback markers, links."""

from dataclasses import dataclass

from django import template
from django.utils import formats, timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles import images as image_pipeline
from articles.models import Article, ArticleImage, Section
from articles.reader import cards, chrome, credits, seo, story_html
from articles.reader.dates import html_datetime
from articles.rendering import split_body
from articles.validators import is_web_url

register = template.Library()


@register.simple_tag
def fallback_lang(obj, field: str) -> SafeString:
    """Return ` lang="en"` for an element showing English in place of a missing translation."""
    return cards.fallback_attr(obj, field)


@register.simple_tag
def time_element(value) -> SafeString:
    """Return ``<time datetime="...">`` with the date in the page's language (DATE_FORMAT)."""
    if not value:
        return mark_safe("")
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', html_datetime(value), formats.date_format(local, "DATE_FORMAT")
    )


@register.simple_tag
def story_type_label(article) -> SafeString:
    """Return the story's type label ("Analysis", "Opinion", ...), or "" for news."""
    return cards.type_label(article)


@register.simple_tag
def byline(article) -> SafeString:
    """Return the story's byline, and on the Chinese page its translator credit."""
    return credits.byline_html(article, translation.get_language())


@register.simple_tag
def picture(image, sizes="", lazy=None, priority=False) -> SafeString:
    """Return the <picture> element of a story image (lazy unless lazy is False or priority set)."""
    return image_pipeline.picture_html(
        image, sizes=sizes or "", lazy=lazy in (None, "") or bool(lazy), priority=bool(priority)
    )


@register.simple_tag
def story_cards(articles, featured=False) -> list[SafeString]:
    """Return the stories' cards; with featured=True the first is shown larger (the home page)."""
    return cards.story_cards(articles, featured_first=bool(featured))


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
    """Return text as a link to url, or as escaped text when there is no http(s) URL.

    The one place reader pages turn a stored URL into a link: any other scheme (``javascript:``,
    ``data:``), even in a row that bypassed the database constraint, is shown as text.
    """
    if is_web_url(url):
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
def story_article(context, article) -> SafeString:
    """The story's ``<article>``: header, notes, translation notices, body, why it matters, tags."""
    return story_html.article_html(
        article,
        story_in_english=bool(context.get("story_in_english")),
        incomplete=bool(context.get("translation_incomplete")),
        english_url=context.get("preview_english_url") or "",
    )


@register.simple_tag
def related_stories(stories) -> SafeString:
    return story_html.related_html(stories)


@register.simple_tag(takes_context=True)
def head_links(context) -> SafeString:
    """The page's canonical and alternate links, its feeds, stylesheet and icon (reader/chrome.py)."""
    return chrome.head_links(page_links(context))


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """The skip link and the site header with the language switcher, search and sections."""
    return chrome.site_header(page_links(context), nav_items(context), context.get("search_query", ""))


@register.simple_tag
def site_footer() -> SafeString:
    return chrome.site_footer()


@register.simple_tag(takes_context=True)
def nav_items(context) -> list[cards.NavItem]:
    """Return the section navigation; views pass the sections in, other pages (404) load them."""
    sections = context.get("nav_sections")
    if sections is None:
        sections = list(Section.objects.all())
    return cards.nav_items(sections, current=context.get("section"))


@register.filter(name="html_datetime")
def html_datetime_filter(value) -> str:
    """A ``<time datetime>`` value: UTC, whole seconds (articles/reader/dates.py)."""
    return html_datetime(value)


@register.simple_tag(takes_context=True)
def open_graph_tags(context, title, description, article=None) -> SafeString:
    """Return the Open Graph and Twitter card <meta> tags for this page."""
    links = page_links(context)
    if links is None:
        return mark_safe("")
    tags = seo.open_graph(
        context["request"],
        title=str(title),
        description=str(description),
        url=links.canonical,
        article=article if isinstance(article, Article) else None,
    )
    # Attribute and property names are ours; only the contents need escaping.
    return SafeString(
        "\n".join(
            f'<meta {kind}="{name}" content="{conditional_escape(content)}">' for kind, name, content in tags
        )
    )


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article) -> SafeString:
    """Return the story's schema.org NewsArticle as JSON that is safe inside a <script> element."""
    links = page_links(context)
    return seo.json_script_text(seo.news_article(context["request"], article, links))
