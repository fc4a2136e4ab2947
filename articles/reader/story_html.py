"""A story page's article and related list, made in Python (``story_page.py`` writes the public page
around them; previews put them in ``articles/article_detail.html``, with the banner).

As a template the article was four includes, five loops and some forty tags and filters, half the
page's time. Here each piece is a function: header (section, type, headline, dek, byline, dates,
source), notes, translation notices, body with figures in place, "why it matters", tags, and the
related stories. Values are escaped with ``html.escape``; the body HTML was sanitized when saved
(``articles/rendering.py``). Labels go through gettext with the msgids the templates used.
"""

from html import escape
from types import SimpleNamespace

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles.images import picture_html
from articles.languages import ORIGINAL
from articles.models.loading import related
from articles.models.notes import StoryNote
from articles.models.page_reads import RELATED_COLUMNS
from articles.reader.cards import localized, slug_url_maker, type_label
from articles.reader.credits import byline_html
from articles.reader.dates import time_element_html
from articles.rendering import split_body
from articles.translations.status import OUTDATED, article_status
from articles.validators import is_web_url

ZH = "zh-hans"
_LABELS: dict[str, dict[str, str]] = {}


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _LABELS.clear()


def _labels() -> dict[str, str]:
    """The page's fixed labels, escaped, looked up in the catalog once per language."""
    language = translation.get_language()
    labels = _LABELS.get(language)
    if labels is None:
        labels = _LABELS[language] = {
            "published": escape(pgettext("label before the publication date", "Published")),
            "updated": escape(
                pgettext("label before the time of a story's latest substantive update", "Updated")
            ),
            "notes": escape(_("Corrections and updates")),
            "why": escape(_("Why it matters")),
            "tags": escape(pgettext("heading of the list of a story's tags", "Tags")),
            "related": escape(_("Related stories")),
            **{f"kind {kind}": escape(str(label)) for kind, label in StoryNote.Kind.choices},
        }
    return labels


def link_or_text(url: str, text: str) -> str:
    """Text as a link to an http(s) URL, else as escaped text (templatetags' ``link_or_text``)."""
    if is_web_url(url):
        return f'<a href="{escape(url)}" rel="noopener">{escape(text)}</a>'
    return escape(text)


def header(article, language: str) -> str:
    section_name, section_lang = localized(article.section, "name", language)
    title, title_lang = localized(article, "title", language)
    dek, dek_lang = localized(article, "dek", language)
    section_url = slug_url_maker("articles:section")(article.section.slug)
    meta = []
    if article.published_at:
        when = time_element_html(article.published_at)
        meta.append(f'<span class="meta__date">{_labels()["published"]} {when}</span>')
    if article.is_updated():
        when = time_element_html(article.substantive_update_at)
        meta.append(f'<span class="meta__updated">{_labels()["updated"]} {when}</span>')
    if article.source_url:
        source = link_or_text(article.source_url, article.source_name or article.source_url)
        meta.append(
            f'<span class="meta__source">{_("Original report: %(source)s") % {"source": source}}</span>'
        )
    return (
        '<header class="story__header">\n'
        f'    <p class="eyebrow"><a href="{escape(section_url)}"{section_lang}>{escape(section_name)}</a>'
        f"{type_label(article)}</p>\n"
        f'    <h1 class="story__title"{title_lang}>{escape(title)}</h1>\n'
        f'    <p class="story__dek"{dek_lang}>{escape(dek)}</p>\n'
        f"    {byline_html(article, language)}\n"
        f'    <p class="meta">{"".join(meta)}</p>\n  </header>'
    )


def notes(article) -> str:
    items = []
    for note in related(article, "notes"):
        heading = _("%(kind)s, %(when)s:") % {
            "kind": _labels().get(f"kind {note.kind}") or escape(note.kind),
            "when": time_element_html(note.noted_at),
        }
        lang = f' lang="{escape(note.text_lang)}"' if note.text_lang else ""
        items.append(
            f'<li class="story-note story-note--{escape(note.kind)}"><strong>{heading}</strong>'
            f" <span{lang}>{linebreaksbr(note.text, autoescape=True)}</span></li>\n    "
        )
    if not items:
        return ""
    return (
        '<aside class="story-notes" aria-labelledby="notes-heading">\n'
        f'  <h2 id="notes-heading" class="story-notes__title">{_labels()["notes"]}</h2>\n'
        f'  <ul class="story-notes__list">\n    {"".join(items)}\n  </ul>\n</aside>'
    )


def notices(
    article,
    language: str,
    *,
    story_in_english: bool,
    incomplete: bool,
    outdated: bool | None,
    english_url: str,
) -> str:
    """The translation notices of a Chinese page: not translated, partly translated, outdated
    (``outdated`` None: work it out here)."""
    out = ""
    if story_in_english:
        text = _("This story is in English: it has not been translated yet.")
        out = f'<p class="notice" role="note">{escape(text)}</p>'
    elif incomplete:
        text = _("This story is not fully translated yet; some parts are shown in English.")
        out = f'<p class="notice" role="note">{escape(text)}</p>'
    if outdated is None:  # the caller did not work the status out already
        outdated = language == ZH and article_status(article).state == OUTDATED
    if outdated:
        if not english_url:
            with translation.override(ORIGINAL):
                english_url = reverse("articles:detail", kwargs={"slug": article.slug})
        text = escape(_("The English version of this story has been updated since it was translated."))
        label = escape(_("Read the updated English version"))
        link = f'<a href="{escape(english_url)}" hreflang="en">{label}</a>'
        out += f'\n  <p class="notice notice--outdated" role="note">{text} {link}</p>'
    return out


def figure(image, language: str, *, priority: bool) -> str:
    caption = ""
    text, lang = localized(image, "caption", language)
    if text:
        caption = f'<span class="figure__caption"{lang}>{escape(text)}</span> '
    credit = _("Image source: %(credit)s") % {"credit": link_or_text(image.credit_url, image.credit)}
    picture = picture_html(image, lazy=not priority, priority=priority)
    return (
        f'<figure class="figure">\n  <div class="figure__media">{picture}</div>\n'
        f'  <figcaption>{caption}<span class="figure__credit">{credit}</span></figcaption>\n</figure>'
    )


def body(article, language: str) -> str:
    """The body with ``[image N]`` markers replaced by figures; unplaced images follow it (the first
    image on the page loads with priority); markers for missing or repeated images are dropped."""
    images = list(related(article, "images"))
    _text, prose_lang = localized(article, "body_html", language)
    pieces, placed = [], set()
    for kind, value in split_body(article.body_html or ""):
        if kind == "html":
            pieces.append(("html", value))
        elif 1 <= value <= len(images) and value not in placed:
            placed.add(value)
            pieces.append(("image", images[value - 1]))
    pieces += [("image", image) for n, image in enumerate(images, start=1) if n not in placed]
    out, first = [], True
    for kind, value in pieces:
        if kind == "html":
            out.append(f'<div class="prose"{prose_lang}>{value}</div>\n    ')
        else:
            out.append(figure(value, language, priority=first) + "\n    ")
            first = False
    return f'<div class="story__body">\n    {"".join(out)}\n  </div>'


def why_it_matters(article, language: str) -> str:
    text, lang = localized(article, "why_it_matters", language)
    if not text:
        return ""
    return (
        '<aside class="why" aria-labelledby="why-heading">\n'
        f'    <h2 id="why-heading">{_labels()["why"]}</h2>\n'
        f"    <p{lang}>{linebreaksbr(text, autoescape=True)}</p>\n  </aside>"
    )


def tags(article, language: str) -> str:
    tag_url = slug_url_maker("articles:tag")
    items = []
    for tag in related(article, "tags"):
        name, lang = localized(tag, "name", language)
        items.append(
            f'<li><a href="{escape(tag_url(tag.slug))}" rel="tag"{lang}>{escape(name)}</a></li>\n      '
        )
    if not items:
        return ""
    heading = _labels()["tags"]
    return (
        f'<footer class="story__tags">\n    <h2 class="visually-hidden">{heading}</h2>\n'
        f'    <ul class="tag-list">\n      {"".join(items)}\n    </ul>\n  </footer>'
    )


def article_html(article, **notice_flags) -> SafeString:
    """The whole ``<article class="story">`` of a story page."""
    language = translation.get_language()
    parts = [
        header(article, language),
        notes(article),
        notices(article, language, **notice_flags),
        body(article, language),
        why_it_matters(article, language),
        tags(article, language),
    ]
    return SafeString('<article class="story wrap">\n  ' + "\n  ".join(parts) + "\n</article>")


def related_html(rows, sections: dict) -> SafeString:
    """The "Related stories" list (empty when there are none), from ``RELATED_COLUMNS`` rows and the
    sections by id."""
    if not rows:
        return SafeString("")
    language = translation.get_language()
    story_url = slug_url_maker()
    items = []
    for row in rows:
        story = SimpleNamespace(**dict(zip(RELATED_COLUMNS, row, strict=True)))
        section, section_lang = localized(sections[story.section_id], "name", language)
        title, title_lang = localized(story, "title", language)
        items.append(
            f'<li>\n      <p class="eyebrow"{section_lang}>{escape(section)}</p>\n'
            f'      <h3><a href="{escape(story_url(story.slug))}"{title_lang}>{escape(title)}</a></h3>\n'
            f'      <p class="meta">{time_element_html(story.published_at)}</p>\n    </li>\n    '
        )
    return SafeString(
        '<section class="related wrap" aria-labelledby="related-heading">\n'
        f'  <h2 id="related-heading">{_labels()["related"]}</h2>\n'
        f'  <ul class="related__list">\n    {"".join(items)}\n  </ul>\n</section>'
    )
