"""What search engines read: a page's canonical and per-language URLs, and a story's JSON-LD.

Most functions return plain data (dataclasses and dicts); ``json_script_text`` returns the escaped
JSON-LD text ready for a ``<script type="application/ld+json">``. The Open Graph tags that link
previews read are in ``sharing.py``; ``chrome.py`` writes the links into the page's head.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from articles import images as image_pipeline
from articles.languages import NATIVE_NAMES
from articles.models.loading import related
from articles.reader.cards import slug_url_maker
from articles.validators import is_web_url

# BCP 47 spelling of our language codes, for hreflang, inLanguage and feeds.
_BCP47 = {"zh-hans": "zh-Hans"}
# Characters that could end a <script> element or open a comment inside it.
# (str.translate with a table walks a non-ASCII text character by character in Python's slow path: a
# Chinese story's JSON-LD took 1.3 M instructions that way; three replace() calls take 0.02 M.)
_JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def bcp47(code: str) -> str:
    """Return the BCP 47 form of a Django language code ("zh-hans" -> "zh-Hans")."""
    return _BCP47.get(code, code)


@dataclass(frozen=True)
class Alternate:
    code: str  # Django's code, e.g. "zh-hans"
    hreflang: str  # BCP 47, e.g. "zh-Hans"
    name: str  # the language's own name
    path: str  # this page in that language, e.g. "/zh-hans/stories/x/"
    url: str  # the same, absolute
    current: bool

    @property
    def switch_url(self) -> str:
        """The switcher's link: it remembers the choice, then shows this page (views.switch_language)."""
        return f"{reverse('switch-language', args=[self.code])}?{urlencode({'next': self.path}, safe='/')}"


@dataclass(frozen=True)
class PageLinks:
    canonical: str
    alternates: list[Alternate]
    x_default: str
    found: bool  # False on a 404: there is no page to point at


def _page_query(request) -> str:
    """Keep only a meaningful ?page=N (N > 1) so that tracking parameters never reach canonical URLs."""
    page = request.GET.get("page", "")
    return f"?page={page}" if page.isdigit() and int(page) > 1 else ""


def _paths_by_language(match, current: str) -> dict[str, str]:
    """The page's path in every language: reversed once, then the language prefix swapped.

    Reader URL patterns are not translated, so the paths differ only in their prefix; a path that
    does not start with the current language's prefix is reversed in each language instead.
    """

    def path_here():
        if match:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        return reverse("articles:index")

    def path_in(code):
        with translation.override(code):
            return path_here()

    codes = [code for code, _name in settings.LANGUAGES]
    if current not in codes:
        return {code: path_in(code) for code in codes}
    here = (
        reverse(match.view_name, args=match.args, kwargs=match.kwargs) if match else reverse("articles:index")
    )
    prefix = f"/{current}/"
    if not here.startswith(prefix):
        return {code: path_in(code) for code in codes}
    return {code: f"/{code}/{here[len(prefix) :]}" for code in codes}


def page_links(request, *, found: bool = True) -> PageLinks:
    """Return the canonical URL of the current page and its URL in every language.

    A page that was not found links to the home page of each language instead.
    """
    current = translation.get_language()
    match = request.resolver_match if found else None
    query = _page_query(request) if match else ""
    alternates = []
    paths = _paths_by_language(match, current)
    for code, _name in settings.LANGUAGES:
        path = paths[code]
        alternates.append(
            Alternate(
                code=code,
                hreflang=bcp47(code),
                name=NATIVE_NAMES.get(code, code),
                path=path + query,
                url=absolute_url(request, path + query),
                current=code == current,
            )
        )
    by_code = {alt.code: alt for alt in alternates}
    # x-default is the address without a language prefix, which redirects each reader to their
    # language (LocaleMiddleware; choose_language for "/"), the same choice Django's sitemap makes.
    default_path = by_code[settings.LANGUAGE_CODE].path.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
    return PageLinks(
        canonical=by_code[current].url if current in by_code else alternates[0].url,
        alternates=alternates,
        x_default=absolute_url(request, default_path),
        found=match is not None,
    )


# An absolute path of characters that iri_to_uri leaves as they are, no "//" authority, no dot segments.
_PLAIN_PATH = re.compile(r"/(?!/)[A-Za-z0-9/._~!$&'()*+,;=:@%?#-]*")


def absolute_url(request, location: str) -> str:
    """``request.build_absolute_uri(location)``: for a plain absolute path (every URL our pages make),
    the scheme and host put in front without parsing and quoting it again (a tenth of the cost)."""
    if _PLAIN_PATH.fullmatch(location) and "/./" not in location and "/../" not in location:
        return request._current_scheme_host + location
    return request.build_absolute_uri(location)


def request_page_links(request, *, found: bool = True) -> PageLinks:
    """``page_links(request)``, worked out once per request (the head, the header and the sharing
    tags all use it)."""
    if not hasattr(request, "_reader_page_links"):
        request._reader_page_links = page_links(request, found=found)
    return request._reader_page_links


def share_image(request, image) -> dict | None:
    """Return the image's sharing rendition (the largest JPEG) as {url (absolute), width, height}."""
    found = image_pipeline.share(image)
    if not found or not found["url"]:
        return None
    return {"url": absolute_url(request, found["url"]), "width": found["width"], "height": found["height"]}


# schema.org's type for each story type; sponsored content is not news.
SCHEMA_TYPES = {
    "news": "NewsArticle",
    "analysis": "AnalysisNewsArticle",
    "opinion": "OpinionNewsArticle",
    "explainer": "BackgroundNewsArticle",
    "sponsored": "AdvertiserContentArticle",
}
# Note kinds published as schema.org ``correction``; an update is not a correction.
CORRECTION_KINDS = ("correction", "clarification")


def iso(value) -> str:
    return value.isoformat() if value else ""


def person(request, author) -> dict:
    """Return a schema.org Person for an author: name, author page URL and their profiles."""
    data = {
        "@type": "Person",
        "name": str(author.name),
        "url": absolute_url(request, slug_url_maker("articles:author")(author.slug)),
    }
    if author.links:
        data["sameAs"] = list(author.links)
    return data


def json_script_text(data) -> SafeString:
    """Serialize data for a <script type="application/ld+json"> element, safe against </script>."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for character, escaped in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(text)


def news_article(request, article, links: PageLinks) -> dict:
    """Return schema.org data for a story (NewsArticle or the type its story type maps to).

    English is the original, Chinese its translation; ``author`` lists the bylines (the
    publication when there are none), ``dateModified`` is the substantive update time.
    """
    current = translation.get_language()
    organization = {"@type": "Organization", "name": settings.GUOZHEN_SITE_NAME}
    organization["url"] = absolute_url(request, reverse("articles:index"))
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(article.story_type, "NewsArticle"),
        "@id": links.canonical,
        "headline": article.title,
        "description": article.dek,
        "url": links.canonical,
        "mainEntityOfPage": links.canonical,
        "inLanguage": bcp47(current),
        "dateModified": iso(article.modified_at() or article.updated_at),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in related(article, "tags")],
        "image": [
            shared["url"] for image in related(article, "images") if (shared := share_image(request, image))
        ],
        "author": [person(request, author) for author in article.bylines()] or organization,
        "publisher": organization,
    }
    translators = article.translators() if current != settings.LANGUAGE_CODE else []
    if translators:
        data["translator"] = [person(request, author) for author in translators]
    corrections = [note for note in related(article, "notes") if note.kind in CORRECTION_KINDS]
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": note.text, "datePublished": iso(note.noted_at)}
            for note in corrections
        ]
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if is_web_url(article.source_url):
        data["isBasedOn"] = article.source_url
    others = [
        {"@type": "NewsArticle", "@id": alt.url, "url": alt.url, "inLanguage": alt.hreflang}
        for alt in links.alternates
        if not alt.current
    ]
    if current == settings.LANGUAGE_CODE:
        data["workTranslation"] = others
    else:
        original = [other for other in others if other["inLanguage"] == bcp47(settings.LANGUAGE_CODE)]
        data["translationOfWork"] = original[0] if original else others
    return data
