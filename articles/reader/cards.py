"""Story cards and navigation items, worked out in Python for the templates.

A list page shows up to 20 cards. In a Django template every include, method call, filter and
variable costs tens of microseconds, which made the cards (each with a <picture> of three formats)
the most expensive part of the home page. So a card is the one piece of reader markup made here
rather than in ``templates/includes/``: each is formatted once, every value escaped with
``html.escape``, and its picture comes from ``articles.images.picture_html`` like every story image.
"""

from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname

from articles.images import picture_html
from articles.models import ArticleImage, Section
from articles.reader.dates import html_datetime

ORIGINAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
ORIGINAL_LANG_ATTR = format_html(' lang="{}"', ORIGINAL)
NO_ATTR = mark_safe("")

# A card: its picture (when the story has one), then section and type, headline, dek and date.
CARD = '<article class="card{featured_class}">{media}' + (
    '<div class="card__text">'
    '<p class="eyebrow"><a href="{section_url}"{section_lang}>{section_name}</a>{type_label}</p>'
    '<h2 class="card__title"><a href="{url}"{title_lang}>{title}</a></h2>'
    '<p class="card__dek"{dek_lang}>{dek}</p>'
    '<p class="meta"><time datetime="{published_iso}">{published_text}</time></p>'
    "</div></article>"
)
# The linked picture is hidden from screen readers and the tab order: the headline link beside it
# goes to the same story.
CARD_MEDIA = '<a class="card__media" href="{}" tabindex="-1" aria-hidden="true">{}</a>'
# The CSS width of a card's picture: the featured card spans the column, the others a grid cell.
FEATURED_SIZES = "(min-width: 48rem) 40rem, 100vw"
GRID_SIZES = "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, 100vw"


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


def fallback_attr(obj, field: str, language: str | None = None) -> SafeString:
    """Return ` lang="en"` for an element showing English in place of a missing translation."""
    return ORIGINAL_LANG_ATTR if shows_fallback(obj, field, language) else NO_ATTR


# Story types that are labelled above the headline and on cards; news, the default, is not.
LABELLED_TYPES = ("analysis", "opinion", "explainer", "sponsored")
TYPE_LABEL = '<span class="story-type story-type--{}">{}</span>'


def type_label(article) -> SafeString:
    """Return the story's type as a label (``<span class="story-type">``), or "" for news."""
    if article.story_type not in LABELLED_TYPES:
        return NO_ATTR
    return format_html(TYPE_LABEL, article.story_type, article.get_story_type_display())


def lead_image(article) -> ArticleImage | None:
    """Return the story's first image: list views attach it to their stories in one query."""
    if hasattr(article, "lead_image"):
        return article.lead_image
    return next(iter(article.images.all()), None)


def _story_url_maker():
    """Return a function slug -> story URL that reverses the URL pattern once, not once per card."""
    sample = reverse("articles:detail", kwargs={"slug": "slug"})
    if not sample.endswith("/slug/"):  # the pattern changed shape: fall back to reverse() per story
        return lambda slug: reverse("articles:detail", kwargs={"slug": slug})
    prefix = sample[: -len("slug/")]
    return lambda slug: f"{prefix}{slug}/"  # slugs hold only [-A-Za-z0-9_], nothing to quote


def story_cards(articles, *, featured_first: bool = False) -> list[SafeString]:
    """Return each story's card, an ``<article class="card">`` (list views attach sections and lead
    images first).

    With ``featured_first`` the first card is shown larger and its picture loads first; every
    other picture loads lazily. Every value is escaped with ``html.escape`` (what Django's
    ``escape`` calls); ``format_html`` cost more than the rest of the card for its ten values.
    """
    language = translation.get_language()
    story_url = _story_url_maker()
    sections: dict[int, dict] = {}
    dates: dict = {}
    labels: dict = {}
    cards = []
    for article in articles:
        section = article.section
        if section.pk not in sections:
            sections[section.pk] = {
                "section_name": escape(section.name),
                "section_url": escape(section.get_absolute_url()),
                "section_lang": fallback_attr(section, "name", language),
            }
        published = article.published_at
        day = timezone.localdate(published) if published else None
        if day not in dates:  # stories of one day share the formatted date
            dates[day] = escape(formats.date_format(day, "DATE_FORMAT")) if day else ""
        if article.story_type not in labels:  # one label per type, formatted once a page
            labels[article.story_type] = type_label(article)
        url = story_url(article.slug)
        featured = featured_first and not cards
        image = lead_image(article)
        media = ""
        if image is not None:
            picture = picture_html(
                image, sizes=FEATURED_SIZES if featured else GRID_SIZES, lazy=not featured, priority=featured
            )
            media = CARD_MEDIA.format(escape(url), picture)
        html = CARD.format(
            featured_class=" card--featured" if featured else "",
            media=media,
            url=escape(url),
            title=escape(article.title or ""),
            title_lang=fallback_attr(article, "title", language),
            dek=escape(article.dek or ""),
            dek_lang=fallback_attr(article, "dek", language),
            published_iso=html_datetime(published),
            published_text=dates[day],
            type_label=labels[article.story_type],
            **sections[section.pk],
        )
        cards.append(SafeString(html))
    return cards


@dataclass(frozen=True)
class NavItem:
    name: str
    url: str
    lang: SafeString
    current: bool


def nav_items(sections: list[Section], current: Section | None = None) -> list[NavItem]:
    """Return the section navigation; ``current`` is the section page being shown, if any."""
    language = translation.get_language()
    return [
        NavItem(
            name=section.name,
            url=section.get_absolute_url(),
            lang=fallback_attr(section, "name", language),
            current=current is not None and section.pk == current.pk,
        )
        for section in sections
    ]
