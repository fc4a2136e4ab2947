"""The feed links and headings of the author and tag pages (an author's photo, name, job title,
bio, profiles and feeds; a tag's name and feed), made in Python like the story's article
(``story_html.py``); the templates keep the titles and the layout. Values are escaped with
``html.escape``; labels use the msgids the templates used."""

from html import escape

from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.images import picture_html
from articles.reader.cards import localized, slug_url_maker


def _feeds(author) -> tuple[str, str]:
    rss = slug_url_maker("articles:author-feed-rss")(author.slug)
    atom = slug_url_maker("articles:author-feed-atom")(author.slug)
    return escape(rss), escape(atom)


def _alternates(*links: tuple[str, str, str]) -> SafeString:
    """<link rel="alternate"> elements from (type, title, href), each already escaped."""
    return SafeString(
        "".join(
            f'<link rel="alternate" type="{kind}" title="{title}" href="{href}">\n'
            for kind, title, href in links
        )
    )


def _name(obj) -> dict[str, str]:
    return {"name": escape(localized(obj, "name", translation.get_language())[0])}


def feed_links(author) -> SafeString:
    """The page's <link rel="alternate"> to the author's RSS and Atom feeds."""
    rss, atom = _feeds(author)
    return _alternates(
        ("application/rss+xml", _("Stories by %(name)s (RSS)") % _name(author), rss),
        ("application/atom+xml", _("Stories by %(name)s (Atom)") % _name(author), atom),
    )


def heading(author) -> SafeString:
    """The author's photo, name, job title, bio, profile links and feed links."""
    language = translation.get_language()
    name, name_lang = localized(author, "name", language)
    job, job_lang = localized(author, "job_title", language)
    bio, bio_lang = localized(author, "bio", language)
    photo = ""
    if author.image:
        photo = f'<div class="author__photo">{picture_html(author, sizes="8rem", lazy=False)}</div>\n  '
    label = escape(pgettext("label above an author page's heading", "Author"))
    parts = [f'<p class="eyebrow">{label}</p>', f'<h1 class="listing__title"{name_lang}>{escape(name)}</h1>']
    if job:
        parts.append(f'<p class="author__title"{job_lang}>{escape(job)}</p>')
    if bio:
        parts.append(f'<p class="author__bio"{bio_lang}>{linebreaksbr(bio, autoescape=True)}</p>')
    if author.links:
        links = "".join(
            f'<li><a href="{escape(link)}" rel="me noopener">{escape(link)}</a></li>\n      '
            for link in author.links
        )
        parts.append(f'<ul class="author__links">\n      {links}\n    </ul>')
    rss, atom = _feeds(author)
    parts.append(
        f'<p class="listing__feed"><a href="{rss}">{escape(_("RSS feed"))}</a> · '
        f'<a href="{atom}">{escape(_("Atom feed"))}</a></p>'
    )
    text = "\n    ".join(parts)
    return SafeString(
        f'<div class="author">\n  {photo}<div class="author__text">\n    {text}\n  </div>\n</div>'
    )


def tag_feed_links(tag) -> SafeString:
    """A tag page's <link rel="alternate"> to its RSS and JSON feeds."""
    return _alternates(
        (
            "application/rss+xml",
            _("Stories tagged “%(name)s” (RSS)") % _name(tag),
            escape(slug_url_maker("articles:tag-feed")(tag.slug)),
        ),
        (
            "application/feed+json",
            _("Stories tagged “%(name)s” (JSON Feed)") % _name(tag),
            escape(slug_url_maker("articles:tag-feed-json")(tag.slug)),
        ),
    )


def tag_heading(tag) -> SafeString:
    """A tag page's label, name and feed link."""
    name, lang = localized(tag, "name", translation.get_language())
    label = escape(pgettext("label above a tag page's heading", "Tag"))
    rss = escape(slug_url_maker("articles:tag-feed")(tag.slug))
    return SafeString(
        f'<p class="eyebrow">{label}</p>\n<h1 class="listing__title"{lang}>{escape(name)}</h1>\n'
        f'<p class="listing__feed"><a href="{rss}">{escape(_("RSS feed for this tag"))}</a></p>'
    )
