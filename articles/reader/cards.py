"""Story cards and navigation items, worked out in Python for the templates.

A list page shows up to 20 cards. In a Django template every include, method call, filter and
variable costs tens of microseconds, which made the cards (each with a <picture> of three formats)
the most expensive part of the home page. So a card is the one piece of reader markup made here
rather than in ``templates/includes/``: each is formatted once, every value escaped with
``html.escape``, and its picture comes from ``articles.images.picture_html`` like every story image.
"""

import json
from dataclasses import dataclass
from html import escape
from types import SimpleNamespace

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname

from articles.images import picture_html
from articles.images.serving import media_url
from articles.models import Article, ArticleImage, Section
from articles.models.page_reads import CARD_COLUMNS, PICTURE_COLUMNS
from articles.reader.dates import html_datetime, local_date_text

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


def localized(obj, field: str, language: str) -> tuple[str, SafeString]:
    """Return ``field``'s text in ``language`` and its ``lang`` attribute: what modeltranslation's
    descriptor and ``fallback_attr`` give, read from the two columns directly.

    A card reads three texts of each story; the descriptor looks up the active language (a
    context-local read) and walks the fallback order on every access.
    """
    own = getattr(obj, build_localized_fieldname(field, language), None)
    if own not in (None, "") or language == ORIGINAL:
        return own or "", NO_ATTR
    original = getattr(obj, build_localized_fieldname(field, ORIGINAL), None)
    if original in (None, ""):
        return "", NO_ATTR
    return original, ORIGINAL_LANG_ATTR


def fallback_attr(obj, field: str, language: str | None = None) -> SafeString:
    """Return ` lang="en"` for an element showing English in place of a missing translation."""
    return localized(obj, field, language or translation.get_language())[1]


# Story types that are labelled above the headline and on cards; news, the default, is not.
LABELLED_TYPES = ("analysis", "opinion", "explainer", "sponsored")
TYPE_LABEL = '<span class="story-type story-type--{}">{}</span>'


def type_label(article) -> SafeString:
    """Return the story's type as a label (``<span class="story-type">``), or "" for news."""
    if article.story_type not in LABELLED_TYPES:
        return NO_ATTR
    # Not get_story_type_display(): Django hashes every choice's lazy label (a gettext each) to
    # find one; the field's choices as a dict give the one label, translated once.
    label = _type_names().get(article.story_type, article.story_type)
    return format_html(TYPE_LABEL, article.story_type, label)


def _type_names() -> dict:
    if not _TYPE_NAMES:
        _TYPE_NAMES.update(Article._meta.get_field("story_type").flatchoices)
    return _TYPE_NAMES


_TYPE_NAMES: dict = {}


_URL_MAKERS: dict[tuple, object] = {}


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    # ROOT_URLCONF, MEDIA_URL, TIME_ZONE...: tests change them; both memos are cheap to refill.
    _URL_MAKERS.clear()
    _CARDS.clear()


def slug_url_maker(name: str = "articles:detail"):
    """Return a function slug -> URL of the ``name`` pattern, reversing it once, not once per card.

    Kept per language, script prefix and URL configuration, which are all a reversal depends on.
    """
    key = (name, translation.get_language(), get_script_prefix(), get_urlconf())
    maker = _URL_MAKERS.get(key)
    if maker is None:
        maker = _URL_MAKERS[key] = _slug_url_maker(name)
    return maker


def _slug_url_maker(name: str):
    sample = reverse(name, kwargs={"slug": "slug"})
    if sample.count("/slug/") != 1:  # the pattern changed shape: fall back to reverse() per slug
        return lambda slug: reverse(name, kwargs={"slug": slug})
    prefix, suffix = sample.split("/slug/")
    # Slugs hold only [-A-Za-z0-9_]: nothing to quote.
    return lambda slug: f"{prefix}/{slug}/{suffix}"


class CardRows(list):
    """A list page's stories as ``page_reads.CARD_COLUMNS`` rows, with what their cards need:
    ``images`` ({story id: ``PICTURE_COLUMNS`` row}) and ``sections`` ({id: Section})."""

    def __init__(self, rows, *, images: dict, sections: dict):
        super().__init__(rows)
        self.images, self.sections = images, sections


# A card is a pure function of the values it shows: its markup is kept per process, keyed by every
# one of them (the story's row, its section's columns, its lead image's row, the language, the time
# zone and the URL prefixes), so an edit is a new key and nothing is ever stale. The rows are still
# read on every request; only formatting the same values again is skipped.
SECTION_KEY = ("id", "slug", "name_en", "name_zh_hans")
MAX_CARDS = 4096
_CARDS: dict[tuple, SafeString] = {}


def story_cards(stories: CardRows, *, featured_first: bool = False) -> list[SafeString]:
    """Return each story's card, an ``<article class="card">``.

    With ``featured_first`` the first card is shown larger and its picture loads first; every
    other picture loads lazily. Every value is escaped with ``html.escape`` (what Django's
    ``escape`` calls); ``format_html`` cost more than the rest of the card for its ten values.
    """
    language = translation.get_language()
    story_url, section_url = slug_url_maker(), slug_url_maker("articles:section")
    page = (language, timezone.get_current_timezone_name(), media_url(""), story_url(""), section_url(""))
    cards = []
    for row in stories:
        featured = featured_first and not cards
        section = stories.sections[row[-1]]
        image = stories.images.get(row[0])
        key = (page, featured, row, tuple(section.__dict__.get(name) for name in SECTION_KEY), image)
        html = _CARDS.get(key)
        if html is None:
            if len(_CARDS) >= MAX_CARDS:
                _CARDS.clear()
            html = _CARDS[key] = _card(row, section, image, featured, language, story_url, section_url)
        cards.append(html)
    return cards


def _card(row, section, image_row, featured, language, story_url, section_url) -> SafeString:
    story = SimpleNamespace(**dict(zip(CARD_COLUMNS, row, strict=True)))
    url = story_url(story.slug)
    media = ""
    if image_row is not None:
        sizes = FEATURED_SIZES if featured else GRID_SIZES
        picture = picture_html(
            _picture_source(image_row, language), sizes=sizes, lazy=not featured, priority=featured
        )
        media = CARD_MEDIA.format(escape(url), picture)
    section_name, section_lang = localized(section, "name", language)
    title, title_lang = localized(story, "title", language)
    dek, dek_lang = localized(story, "dek", language)
    published = story.published_at
    return SafeString(
        CARD.format(
            featured_class=" card--featured" if featured else "",
            media=media,
            url=escape(url),
            title=escape(title),
            title_lang=title_lang,
            dek=escape(dek),
            dek_lang=dek_lang,
            published_iso=html_datetime(published),
            published_text=escape(local_date_text(published)) if published else "",
            type_label=type_label(story),
            section_name=escape(section_name),
            section_url=escape(section_url(section.slug)),
            section_lang=section_lang,
        )
    )


def _picture_source(row, language: str) -> SimpleNamespace:
    """What ``picture_html`` reads of an image, from its ``PICTURE_COLUMNS`` row."""
    image = SimpleNamespace(**dict(zip(PICTURE_COLUMNS, row, strict=True)))
    alt, _lang = localized(image, "alt_text", language)
    return SimpleNamespace(
        image=SimpleNamespace(name=image.image) if image.image else None,
        width=image.width,
        height=image.height,
        renditions=json.loads(image.renditions_text) if image.renditions_text else None,
        alt_text=alt,
        alt_lang=ArticleImage.alt_lang.fget(image),  # the model's rule, on the row's columns
    )


@dataclass(frozen=True)
class NavItem:
    name: str
    url: str
    lang: SafeString
    current: bool


def nav_items(sections: list[Section], current: Section | None = None) -> list[NavItem]:
    """Return the section navigation; ``current`` is the section page being shown, if any."""
    language = translation.get_language()
    section_url = slug_url_maker("articles:section")
    items = []
    for section in sections:
        name, lang = localized(section, "name", language)
        current_one = current is not None and section.pk == current.pk
        items.append(NavItem(name=name, url=section_url(section.slug), lang=lang, current=current_one))
    return items
