"""The public list pages (home, section, tag, author), made in Python from the view's context.

The same step as the story page (``story_page.py``): every piece of these pages (the chrome, the
cards, the author's and the tag's heading, the sharing tags) was already made in Python, and what
the templates (``articles/article_list.html``, ``section_detail.html``, ``tag_detail.html`` and
``author_detail.html`` on ``listing_base.html`` and ``base.html``) still cost was the engine's own
work: blocks, ``block.super``, the pagination include and each tag's argument resolving, a third
of the home page's instructions (4.5 M to 3.0 M) and a quarter of an author page's (4.6 M to
3.4 M). ``tests/reader/test_listing_page.py`` renders every kind both ways (first page, a later
page, an empty list, in both languages) and requires the same bytes, so the two cannot drift apart.
The templates stay for that comparison and as the layout's readable source.
"""

from html import escape

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.reader import cards, chrome, listing_html, seo, sharing

HOME, SECTION, TAG, AUTHOR = "all", "section", "tag", "author"  # the views' ``list_kind``


def card_grid_html(articles, *, featured: bool = False) -> str:
    """The stories' cards in their grid; with ``featured`` the first card is shown larger, above the
    grid (the home page's first page)."""
    made = cards.story_cards(articles, featured_first=featured)
    if featured:
        first = made[0] if made else ""
        return f'{first}\n<div class="card-grid">\n  {"".join(made[1:])}\n</div>'
    return f'<div class="card-grid">\n    {"".join(made)}\n  </div>'


def pagination_html(request, page) -> str:
    """Newer and older links around the page number (``includes/pagination.html``); "" for one page."""
    if not page.has_other_pages():
        return ""
    label = escape(pgettext("name of the pagination navigation", "Pages"))
    newer = older = ""
    if page.has_previous():
        previous = page.previous_page_number()
        href = escape(request.path) if previous == 1 else f"?page={previous}"
        newer = f'<a rel="prev" href="{href}">{escape(_("Newer stories"))}</a>'
    status = _("Page %(number)s") % {"number": page.number}
    if page.has_next:
        older = f'<a rel="next" href="?page={page.next_page_number()}">{escape(_("Older stories"))}</a>'
    return (
        f'<nav class="pagination" aria-label="{label}">\n  {newer}\n'
        f'  <span class="pagination__status" aria-current="page">{status}</span>\n  {older}\n</nav>'
    )


def _page_suffix(page) -> str:
    return f" · {_('Page %(number)s') % {'number': page.number}}" if page.number > 1 else ""


def _parts(kind: str, context) -> tuple[str, str, str, str, str]:
    """(title, description, the Open Graph title, the extra head links, the heading) of one kind."""
    site, tagline, page = (
        _("Guozhen AI"),
        _("Global AI field notes and model intelligence"),
        context["page_obj"],
    )
    if kind == SECTION:
        name = str(context["section"].name)
        label = escape(pgettext("label above a section page's heading", "Section"))
        name_lang = cards.fallback_attr(context["section"], "name")
        heading = f'<p class="eyebrow">{label}</p>\n<h1 class="listing__title"{name_lang}>{escape(name)}</h1>'
        title = f"{escape(name)}{_page_suffix(page)} · {escape(site)}"
        description = _("The latest stories in %(name)s.") % {"name": escape(name)}
        return title, description, name, "", heading
    if kind == TAG:
        tag = context["tag"]
        name = str(tag.name)
        title = (
            f"{_('Stories tagged “%(name)s”') % {'name': escape(name)}}{_page_suffix(page)} · {escape(site)}"
        )
        description = _("The latest stories tagged “%(name)s”.") % {"name": escape(name)}
        return title, description, name, listing_html.tag_feed_links(tag), listing_html.tag_heading(tag)
    if kind == AUTHOR:
        author = context["author"]
        name = str(author.name)
        bio = str(author.bio or "")
        if bio:
            description = escape(Truncator(bio).words(40, truncate=" …"))
        else:
            description = _("Stories by %(name)s.") % {"name": escape(name)}
        title = f"{escape(name)}{_page_suffix(page)} · {escape(site)}"
        return title, description, name, listing_html.feed_links(author), listing_html.heading(author)
    title = f"{escape(site)}: {escape(tagline)}"
    if page.number > 1:
        title = f"{_('Latest stories, page %(number)s') % {'number': page.number}} · {title}"
    heading = f'<h1 class="listing__title">{escape(_("Latest stories"))}</h1>'
    return title, escape(tagline), site, "", heading


def listing_page_html(request, context, kind: str) -> str:
    """The whole public list page of ``kind`` for the ``StoryListView`` context ``context``."""
    articles, page = context["articles"], context["page_obj"]
    title, description, og_title, head_extra, heading = _parts(kind, context)
    links = seo.request_page_links(request)
    tagline = _("Global AI field notes and model intelligence")
    meta = sharing.open_graph_html(request, og_title, tagline, links, None)
    noindex = "" if articles else '<meta name="robots" content="noindex">\n'
    if articles:
        # The whitespace is the templates': blocks, block.super and the pagination include.
        featured = kind == HOME and page.number == 1
        grid = card_grid_html(articles, featured=featured)
        if kind != HOME:
            items = f"\n  {grid}\n  "
        else:
            items = f"\n{grid}\n\n" if featured else f"\n\n  {grid}\n  \n"
        body = f"\n  {items}\n  \n{pagination_html(request, page)}\n\n  "
    else:
        body = f'\n  <p class="empty">{escape(_("No stories here yet."))}</p>\n  '
    current = context.get("section") if kind == SECTION else None
    header = chrome.site_header(links, cards.nav_items(context["nav_sections"], current=current), "")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(translation.get_language())}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f'<meta name="description" content="{description}">\n'
        '<meta name="color-scheme" content="light dark">\n\n'
        f"{chrome.head_links(links)}{noindex}{meta}{head_extra}\n"
        f"</head>\n<body>\n{header}\n"
        '<main id="main" tabindex="-1">\n\n'
        '<div class="wrap listing">\n  <header class="listing__header">\n'
        f"    {heading}\n  </header>\n  {body}\n</div>\n\n"
        f"</main>\n{chrome.site_footer()}\n</body>\n</html>\n"
    )
