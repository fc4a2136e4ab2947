"""A page's Open Graph and Twitter card ``<meta>`` tags (what a shared link shows), made in Python.

The tags are (attribute, name, content) triples from ``open_graph``; ``open_graph_html`` writes them,
escaping only the contents (the attribute and property names are ours).
"""

from html import escape

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString

from articles.models.loading import related
from articles.reader.cards import slug_url_maker
from articles.reader.seo import PageLinks, absolute_url, iso, share_image

OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}


def open_graph_html(request, title: str, description: str, links: PageLinks, article=None) -> SafeString:
    """The Open Graph and Twitter card <meta> tags of a page, one per line."""
    tags = open_graph(request, title=title, description=description, url=links.canonical, article=article)
    # Attribute and property names are ours; only the contents need escaping.
    return SafeString(
        "\n".join(f'<meta {kind}="{name}" content="{escape(str(content))}">' for kind, name, content in tags)
    )


def open_graph(
    request, *, title: str, description: str, url: str, article=None
) -> list[tuple[str, str, str]]:
    """Return (attribute, name, content) triples for Open Graph and Twitter card <meta> tags."""
    current = translation.get_language()
    tags = [
        ("property", "og:site_name", settings.GUOZHEN_SITE_NAME),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:locale", OG_LOCALES.get(current, current)),
    ]
    tags += [
        ("property", "og:locale:alternate", locale) for code, locale in OG_LOCALES.items() if code != current
    ]
    lead = None
    if article is None:
        tags.append(("property", "og:type", "website"))
    else:
        tags += [
            ("property", "og:type", "article"),
            (
                "property",
                "article:published_time",
                article.published_at.isoformat() if article.published_at else "",
            ),
            ("property", "article:modified_time", iso(article.modified_at())),
            ("property", "article:section", article.section.name),
        ]
        author_url = slug_url_maker("articles:author")
        tags += [
            ("property", "article:author", absolute_url(request, author_url(author.slug)))
            for author in article.bylines()
        ]
        tags += [("property", "article:tag", tag.name) for tag in related(article, "tags")]
        lead = next(iter(related(article, "images")), None)
    shared = share_image(request, lead) if lead is not None else None
    if shared:
        tags += [
            ("property", "og:image", shared["url"]),
            ("property", "og:image:width", str(shared["width"])),
            ("property", "og:image:height", str(shared["height"])),
            ("property", "og:image:alt", lead.alt_text),
        ]
    tags += [
        ("name", "twitter:card", "summary_large_image" if shared else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if shared:
        tags.append(("name", "twitter:image", shared["url"]))
    return [tag for tag in tags if tag[2]]
