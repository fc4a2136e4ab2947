"""/sitemap-news.xml: the Google News sitemap of the stories published in the last 48 hours.

One ``<url>`` per language version of a story: the English original always, the Chinese page only
where its headline is a translation (a fallback to English is not news in Chinese). At most 1,000
URLs, newest first, as Google allows. Sponsored stories are left out here once story types exist.
"""

from datetime import timedelta
from xml.etree import ElementTree as ET

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from articles.languages import ORIGINAL, TRANSLATION
from articles.models import Article

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
WINDOW = timedelta(hours=48)
MAX_URLS = 1000
# Google's codes: ISO 639 ("en"), and "zh-cn" for Simplified Chinese.
NEWS_LANGUAGE = {ORIGINAL: "en", TRANSLATION: "zh-cn"}


def recent_stories():
    """Published stories of the last 48 hours, newest first, with just what an entry shows."""
    since = timezone.now() - WINDOW
    return (
        Article.objects.published()
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .only("slug", "title_en", "title_zh_hans", "published_at")[:MAX_URLS]
    )


def entries(request) -> list[dict]:
    """The news entries, at most MAX_URLS: (location, language, title, publication date)."""
    found = []
    for article in recent_stories():
        for code, title in ((ORIGINAL, article.title_en), (TRANSLATION, article.title_zh_hans)):
            if not (title or "").strip():
                continue  # only a real translation is a language version
            with translation.override(code):
                location = request.build_absolute_uri(
                    reverse("articles:detail", kwargs={"slug": article.slug})
                )
            found.append(
                {
                    "loc": location,
                    "language": NEWS_LANGUAGE[code],
                    "title": title,
                    "date": timezone.localtime(article.published_at).isoformat(timespec="seconds"),
                }
            )
    return found[:MAX_URLS]


def render(items: list[dict]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("news", NEWS_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for item in items:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = item["loc"]
        news = ET.SubElement(url, f"{{{NEWS_NS}}}news")
        publication = ET.SubElement(news, f"{{{NEWS_NS}}}publication")
        ET.SubElement(publication, f"{{{NEWS_NS}}}name").text = settings.GUOZHEN_SITE_NAME
        ET.SubElement(publication, f"{{{NEWS_NS}}}language").text = item["language"]
        ET.SubElement(news, f"{{{NEWS_NS}}}publication_date").text = item["date"]
        ET.SubElement(news, f"{{{NEWS_NS}}}title").text = item["title"]
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def news_sitemap(request):
    response = HttpResponse(render(entries(request)), content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's own sitemap views
    return response
