"""The page chrome every reader page shares: head links, site header (language switcher, search,
sections) and footer, made in Python.

As templates, the header and footer were five includes, three loops and a dozen URL reversals: a
fifth of a story page's time. What never changes for a language (the brand, the footer, the feed
links, the stylesheet) is made once per language and URL configuration and kept; what depends on
the page (canonical and alternate URLs, the switcher's links, the current section, the search box's
text) is formatted per request. Every value is escaped with ``html.escape``; every label goes
through gettext with the msgids the templates used, so the Chinese catalog covers them as before.
"""

from html import escape

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

_constant: dict[tuple, dict[str, str]] = {}


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _constant.clear()  # STATIC_URL, ROOT_URLCONF, LANGUAGES...: cheap to rebuild, rare to change


def _parts() -> dict[str, str]:
    """The fragments that depend only on the language and the URL configuration."""
    key = (translation.get_language(), get_script_prefix(), get_urlconf())
    parts = _constant.get(key)
    if parts is None:
        parts = _constant[key] = _build_parts()
    return parts


def _build_parts() -> dict[str, str]:
    rss, atom, json_feed = (reverse(f"articles:feed-{kind}") for kind in ("rss", "atom", "json"))
    name, tagline = escape(_("Guozhen AI")), escape(_("Global AI field notes and model intelligence"))
    feeds = (
        f'<link rel="alternate" type="application/rss+xml" title="{escape(_("Latest stories (RSS)"))}"'
        f' href="{escape(rss)}">\n'
        f'<link rel="alternate" type="application/atom+xml" title="{escape(_("Latest stories (Atom)"))}"'
        f' href="{escape(atom)}">\n'
        '<link rel="alternate" type="application/feed+json"'
        f' title="{escape(_("Latest stories (JSON Feed)"))}" href="{escape(json_feed)}">\n'
        f'<link rel="stylesheet" href="{escape(static("css/site.css"))}">\n'
        f'<link rel="icon" href="{escape(static("favicon.svg"))}" type="image/svg+xml">\n'
    )
    search_label = escape(_("Search stories"))
    header_start = (
        f'<a class="skip-link" href="#main">{escape(_("Skip to content"))}</a>\n'
        '<header class="site-header">\n  <div class="wrap site-header__top">\n'
        f'    <p class="brand"><a href="{escape(reverse("articles:index"))}">{name}</a>'
        f' <span class="tagline">{tagline}</span></p>\n'
    )
    search_start = (
        '    <form class="search-form" role="search" method="get"'
        f' action="{escape(reverse("articles:search"))}">\n'
        f'  <label class="search-form__label" for="site-search">{search_label}</label>\n'
        '  <input class="search-form__input" id="site-search" type="search" name="q" value="'
    )
    search_end = (
        f'" maxlength="200" placeholder="{search_label}" autocomplete="off" enterkeyhint="search">\n'
        f'  <button class="search-form__button" type="submit">{escape(pgettext("site search", "Search"))}'
        "</button>\n</form>\n  </div>\n"
    )
    footer = (
        '<footer class="site-footer">\n  <div class="wrap">\n'
        f"    <p><strong>{name}</strong> · {tagline}</p>\n"
        '    <ul class="footer-links">\n'
        f'      <li><a href="{escape(rss)}">{escape(_("RSS feed"))}</a></li>\n'
        f'      <li><a href="{escape(atom)}">{escape(_("Atom feed"))}</a></li>\n'
        f'      <li><a href="{escape(reverse("articles:corrections"))}">'
        f"{escape(_('Corrections and updates'))}</a></li>\n"
        "    </ul>\n  </div>\n</footer>"
    )
    return {
        "feeds": feeds,
        "header_start": header_start,
        "search_start": search_start,
        "search_end": search_end,
        "switcher_label": escape(pgettext("name of the language switcher", "Language")),
        "nav_label": escape(pgettext("name of the site navigation", "Sections")),
        "footer": footer,
    }


def head_links(links) -> SafeString:
    """The canonical and per-language <link>s (when the page exists), the feeds and the stylesheet."""
    out = []
    if links is not None and links.found:
        out.append(f'<link rel="canonical" href="{escape(links.canonical)}">\n')
        out += [
            f'<link rel="alternate" hreflang="{escape(alt.hreflang)}" href="{escape(alt.url)}">\n'
            for alt in links.alternates
        ]
        out.append(f'<link rel="alternate" hreflang="x-default" href="{escape(links.x_default)}">\n')
    out.append(_parts()["feeds"])
    return SafeString("".join(out))


def _switcher(links, parts) -> str:
    if links is None:
        return ""
    items = []
    for alt in links.alternates:
        hreflang, name = escape(alt.hreflang), escape(alt.name)
        if alt.current:
            items.append(f'<li><span aria-current="true" lang="{hreflang}">{name}</span></li>\n    ')
        else:
            link = f'<a href="{escape(alt.switch_url)}" hreflang="{hreflang}" lang="{hreflang}">{name}</a>'
            items.append(f"<li>{link}</li>\n    ")
    return (
        f'    <nav class="lang-switch" aria-label="{parts["switcher_label"]}">\n  <ul>\n    '
        f"{''.join(items)}\n  </ul>\n</nav>\n"
    )


def site_header(links, nav_items, search_query: str = "") -> SafeString:
    """The skip link and the site header: brand, language switcher, search form, section navigation."""
    parts = _parts()
    out = [parts["header_start"], _switcher(links, parts)]
    out += [parts["search_start"], escape(search_query or ""), parts["search_end"]]
    if nav_items:
        out.append(f'  <nav class="wrap site-nav" aria-label="{parts["nav_label"]}">\n    <ul>\n      ')
        for item in nav_items:
            current = ' aria-current="page"' if item.current else ""
            out.append(
                f'<li><a href="{escape(item.url)}"{item.lang}{current}>{escape(item.name)}</a></li>\n      '
            )
        out.append("\n    </ul>\n  </nav>")
    out.append("\n</header>")
    return SafeString("".join(out))


def site_footer() -> SafeString:
    return SafeString(_parts()["footer"])
