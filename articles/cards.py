"""Story cards and navigation items, worked out in Python for the templates.

A list page shows up to 20 cards. In a Django template every method call, filter and variable costs
tens of microseconds, which made the cards the most expensive part of the home page; here each card
is built once, and its text block is formatted with ``format_html`` (escaping every value).
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation.utils import build_localized_fieldname

from articles.models import ArticleImage, Section

ORIGINAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
ORIGINAL_LANG_ATTR = format_html(' lang="{}"', ORIGINAL)
NO_ATTR = mark_safe("")

# The text half of a card; the picture half is templates/includes/story_card.html.
CARD_TEXT = (
    '<div class="card__text">'
    '<p class="eyebrow"><a href="{section_url}"{section_lang}>{section_name}</a></p>'
    '<h2 class="card__title"><a href="{url}"{title_lang}>{title}</a></h2>'
    '<p class="card__dek"{dek_lang}>{dek}</p>'
    '<p class="meta"><time datetime="{published_iso}">{published_text}</time></p>'
    "</div>"
)


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


@dataclass(frozen=True)
class StoryCard:
    url: str
    image: ArticleImage | None
    text: SafeString  # section, headline, dek and date, as HTML


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


def story_cards(articles) -> list[StoryCard]:
    """Return a card for each story (list views have attached sections and lead images)."""
    language = translation.get_language()
    story_url = _story_url_maker()
    sections: dict[int, dict] = {}
    dates: dict = {}
    cards = []
    for article in articles:
        section = article.section
        if section.pk not in sections:
            sections[section.pk] = {
                "section_name": section.name,
                "section_url": section.get_absolute_url(),
                "section_lang": fallback_attr(section, "name", language),
            }
        published = article.published_at
        day = timezone.localdate(published) if published else None
        if day not in dates:  # stories of one day share the formatted date
            dates[day] = formats.date_format(day, "DATE_FORMAT") if day else ""
        url = story_url(article.slug)
        text = format_html(
            CARD_TEXT,
            url=url,
            title=article.title,
            title_lang=fallback_attr(article, "title", language),
            dek=article.dek,
            dek_lang=fallback_attr(article, "dek", language),
            published_iso=published.isoformat() if published else "",
            published_text=dates[day],
            **sections[section.pk],
        )
        cards.append(StoryCard(url=url, image=lead_image(article), text=text))
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
