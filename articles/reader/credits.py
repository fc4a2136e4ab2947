"""Who wrote a story and what kind of story it is, as readers see it: bylines, translator
credits, in the page's language (type labels are in ``cards.py``).

"By A, B and C" in English, "作者：A、B、C" in Chinese; the translator credit ("译者：C") is shown on
the Chinese page only, since the English is the original. A name shown in English on the Chinese
page (no Chinese name yet) carries ``lang="en"``.
"""

from html import escape

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
    # html.escape in f-strings, as format_html would escape them (a tenth of its cost).
    author_url = slug_url_maker("articles:author")
    return [
        SafeString(
            f'<a href="{escape(author_url(author.slug))}" rel="author"'
            f"{fallback_attr(author, 'name', language)}>{escape(str(author.name))}</a>"
        )
        for author in authors
    ]


def byline_html(article, language: str) -> SafeString:
    """Return the story's byline and, on a translated page, its translator credit ("" without)."""
    parts = []
    authors = article.bylines()
    if authors:
        names = join_names(author_links(authors, language))
        parts.append(f'<p class="byline">{_("By {names}").format(names=names)}</p>')
    translators = article.translators() if language != ORIGINAL else []
    if translators:
        names = join_names(author_links(translators, language))
        credit = _("Translated by {names}").format(names=names)
        parts.append(f'<p class="byline byline--translator">{credit}</p>')
    return mark_safe("".join(parts))


def credit_names(authors) -> str:
    """The names as plain text ("A and B"), for feeds."""
    names = [str(author.name) for author in authors]
    if len(names) <= 1:
        return "".join(names)
    separator = pgettext("between names in a list", ", ")
    last = pgettext("before the last name in a list", " and ")
    return separator.join(names[:-1]) + last + names[-1]
