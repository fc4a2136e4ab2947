"""Who wrote a story and what kind of story it is, as readers see it: bylines, translator
credits, in the page's language (type labels are in ``cards.py``).

"By A, B and C" in English, "作者：A、B、C" in Chinese; the translator credit ("译者：C") is shown on
the Chinese page only, since the English is the original. A name shown in English on the Chinese
page (no Chinese name yet) carries ``lang="en"``.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.languages import ORIGINAL
from articles.reader.cards import fallback_attr, slug_url_maker


def join_names(names: list) -> SafeString:
    """Join already-escaped names as a list: "A, B and C" / "A、B、C"."""
    if not names:
        return mark_safe("")
    if len(names) == 1:
        return names[0]
    separator = pgettext("between names in a list", ", ")
    last = pgettext("before the last name in a list", " and ")
    return mark_safe(separator.join(names[:-1]) + last + names[-1])


def author_links(authors, language: str | None = None) -> list[SafeString]:
    author_url = slug_url_maker("articles:author")
    return [
        format_html(
            '<a href="{}" rel="author"{}>{}</a>',
            author_url(author.slug),
            fallback_attr(author, "name", language),
            author.name,
        )
        for author in authors
    ]


def byline_html(article, language: str) -> SafeString:
    """Return the story's byline and, on a translated page, its translator credit ("" without)."""
    parts = []
    authors = article.bylines()
    if authors:
        names = join_names(author_links(authors, language))
        parts.append(format_html('<p class="byline">{}</p>', format_html(_("By {names}"), names=names)))
    translators = article.translators() if language != ORIGINAL else []
    if translators:
        names = join_names(author_links(translators, language))
        credit = format_html(_("Translated by {names}"), names=names)
        parts.append(format_html('<p class="byline byline--translator">{}</p>', credit))
    return mark_safe("".join(parts))


def credit_names(authors) -> str:
    """The names as plain text ("A and B"), for feeds."""
    names = [str(author.name) for author in authors]
    if len(names) <= 1:
        return "".join(names)
    separator = pgettext("between names in a list", ", ")
    last = pgettext("before the last name in a list", " and ")
    return separator.join(names[:-1]) + last + names[-1]
