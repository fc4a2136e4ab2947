"""A public story page, made in Python from the view's context; previews still use the template.

With the article, the related list, the chrome and the sharing tags already made in Python, what
was left of the template (``articles/article_detail.html`` on ``base.html``) was the engine's own
work: context processors, blocks and each tag's argument resolving, about 0.9 M instructions, a
tenth of the page. This writes the same document: ``tests/reader/test_story_page.py`` renders a
story both ways and requires the same bytes, so the two cannot drift apart. Previews (a banner, the
share link's notice, ``noindex``) are rare and editor-facing and keep the template.
"""

from html import escape

from django.utils import translation
from django.utils.translation import gettext as _

from articles.reader import cards, chrome, seo, sharing, story_html


def story_page_html(request, context) -> str:
    """The whole public story page for the ``ArticleDetailView`` context ``context``."""
    article, sections, related = context["article"], context["nav_sections"], context["related"]
    links = seo.request_page_links(request)
    meta = sharing.open_graph_html(request, str(article.title), str(article.dek), links, article)
    json_ld = seo.json_script_text(seo.news_article(request, article, links))
    body = story_html.article_html(
        article,
        story_in_english=bool(context.get("story_in_english")),
        incomplete=bool(context.get("translation_incomplete")),
        outdated=context.get("translation_outdated"),
        english_url="",
    )
    related_list = story_html.related_html(related, {section.pk: section for section in sections})
    header = chrome.site_header(links, cards.nav_items(sections, current=None), "")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(translation.get_language())}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(str(article.title))} · {escape(_('Guozhen AI'))}</title>\n"
        f'<meta name="description" content="{escape(str(article.dek))}">\n'
        '<meta name="color-scheme" content="light dark">\n\n'
        f'{chrome.head_links(links)}{meta}<script type="application/ld+json">{json_ld}</script>\n\n'
        f'</head>\n<body>\n{header}\n<main id="main" tabindex="-1">\n\n\n\n{body}\n{related_list}\n\n'
        f"</main>\n{chrome.site_footer()}\n</body>\n</html>\n"
    )
