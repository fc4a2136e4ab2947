"""/sitemap.xml: every public story, section and tag page, each with its English and Chinese URLs."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Section, Tag
from articles.reader.seo import bcp47


class BilingualSitemap(Sitemap):
    """Lists each page in every language with hreflang alternates and an x-default (English)."""

    i18n = True
    alternates = True
    x_default = True

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
