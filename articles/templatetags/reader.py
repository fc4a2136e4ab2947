"""Template helpers for reader pages: the chrome, the story article, cards, fallback markers, times."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles import images as image_pipeline
from articles.models import Article, Section
from articles.reader import cards, chrome, listing_html, listing_page, seo, sharing, story_html
from articles.reader.dates import html_datetime, time_element_html

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
    return mark_safe(time_element_html(value))


@register.simple_tag
def picture(image, sizes="", lazy=None, priority=False) -> SafeString:
    """Return the <picture> element of a story image (lazy unless lazy is False or priority set)."""
    return image_pipeline.picture_html(
        image, sizes=sizes or "", lazy=lazy in (None, "") or bool(lazy), priority=bool(priority)
    )


@register.simple_tag
def card_grid(articles, featured=False) -> SafeString:
    """The stories' cards in their grid (one tag, not a template loop over twenty cards); with
    featured=True the first card is shown larger, above the grid (the home page's first page)."""
    return SafeString(listing_page.card_grid_html(articles, featured=bool(featured)))


@register.simple_tag(takes_context=True)
def page_links(context) -> seo.PageLinks | None:
    """Return the canonical and per-language URLs of the current page (computed once per request)."""
    request = context.get("request")
    if request is None:
        return None
    # Django's 404 handler puts "exception" in the context of 404.html.
    return seo.request_page_links(request, found="exception" not in context)


@register.simple_tag(takes_context=True)
def story_article(context, article) -> SafeString:
    """The story's ``<article>``: header, notes, translation notices, body, why it matters, tags."""
    return story_html.article_html(
        article,
        story_in_english=bool(context.get("story_in_english")),
        incomplete=bool(context.get("translation_incomplete")),
        outdated=context.get("translation_outdated"),
        english_url=context.get("preview_english_url") or "",
    )


@register.simple_tag(takes_context=True)
def related_stories(context, rows) -> SafeString:
    """The related list; its sections come from the navigation's list the view already has."""
    if not rows:
        return SafeString("")
    sections = context.get("nav_sections")
    if sections is None:
        sections = list(Section.objects.all())
    return story_html.related_html(rows, {section.pk: section for section in sections})


# The author and tag pages' feed links and headings (reader/listing_html.py).
register.simple_tag(listing_html.feed_links, name="author_feed_links")
register.simple_tag(listing_html.heading, name="author_heading")
register.simple_tag(listing_html.tag_feed_links, name="tag_feed_links")
register.simple_tag(listing_html.tag_heading, name="tag_heading")


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
    article = article if isinstance(article, Article) else None
    return sharing.open_graph_html(context["request"], str(title), str(description), links, article)


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article) -> SafeString:
    """Return the story's schema.org NewsArticle as JSON that is safe inside a <script> element."""
    links = page_links(context)
    return seo.json_script_text(seo.news_article(context["request"], article, links))
