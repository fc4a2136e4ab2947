"""/sitemap.xml: an index of sections (home, stories, sections, tags, news), each of pages of at most
GUOZHEN_SITEMAP_LIMIT URLs (50,000, the protocol's limit), listing every public page in both languages.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Section, Tag
from articles.reader.seo import bcp47


class BilingualSitemap(Sitemap):
    """Lists each page in every language with hreflang alternates and an x-default (English)."""

    i18n = True
    alternates = True
    x_default = True

    @property
    def limit(self) -> int:
        # URLs per sitemap page: each language version is one URL (Django pages the (item, language)
        # pairs), so no page ever passes the protocol's 50,000.
        return settings.GUOZHEN_SITEMAP_LIMIT

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:  # "zh-hans" -> "zh-Hans": the BCP 47 spelling search engines document
            for alternate in url.get("alternates", ()):
                alternate["lang_code"] = bcp47(alternate["lang_code"])
        return urls


class HomeSitemap(BilingualSitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:index"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(BilingualSitemap):
    def items(self):
        fields = ("slug", "published_at", "substantive_update_at")
        return Article.objects.published().only(*fields).order_by("-published_at", "-pk")

    def lastmod(self, item):
        return item.modified_at()  # the substantive update time, not every save

    def get_latest_lastmod(self):
        # For the index: one aggregate, where Django's default would load every story.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(BilingualSitemap):
    def items(self):
        return Section.objects.with_published_stories().order_by("slug")


class TagSitemap(BilingualSitemap):
    def items(self):
        return Tag.objects.with_published_stories().order_by("slug")


SITEMAPS = {
    "home": HomeSitemap,
    "stories": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
}


def index(request):
    """The sitemap index: every page of every section, then the Google News sitemap."""
    response = sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap-section")
    news = request.build_absolute_uri(reverse("sitemap-news"))
    response.context_data["sitemaps"].append(sitemap_views.SitemapIndexItem(news, None))
    return response


def section(request, section):
    """One section's sitemap; ``?p=N`` for its Nth page of at most GUOZHEN_SITEMAP_LIMIT URLs."""
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
