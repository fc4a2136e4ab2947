"""RSS 2.0 and Atom feeds of the newest stories, in the language of the URL they are read at.

With a WebSub hub configured (``DJANGO_WEBSUB_HUB``), every feed carries ``rel="hub"`` and a
``rel="self"`` built from ``DJANGO_SITE_URL``: the same URL the hub is pinged with
(``articles/outbox/websub.py``), so subscribers and pings agree on the topic.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article, Credit, Tag
from articles.reader.credits import credit_names
from articles.reader.seo import bcp47

FEED_LENGTH = 30


class WebSubRss(Rss201rev2Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if settings.GUOZHEN_WEBSUB_HUB:
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": settings.GUOZHEN_WEBSUB_HUB})


class WebSubAtom(Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if settings.GUOZHEN_WEBSUB_HUB:
            handler.addQuickElement("link", "", {"rel": "hub", "href": settings.GUOZHEN_WEBSUB_HUB})


def topic(path: str) -> str:
    """The feed's own URL: absolute from DJANGO_SITE_URL when a hub is configured."""
    return settings.GUOZHEN_SITE_URL + path if settings.GUOZHEN_WEBSUB_HUB else path


class LatestStoriesFeed(Feed):
    """The newest published stories (RSS 2.0). i18n_patterns has activated the URL's language."""

    feed_type = WebSubRss

    def title(self, obj=None):
        return _("%(site)s: latest stories") % {"site": settings.GUOZHEN_SITE_NAME}

    def description(self, obj=None):
        return _("Global AI field notes and model intelligence")

    def link(self, obj=None):
        return reverse("articles:index")

    def feed_url(self, obj=None):
        return topic(reverse("articles:feed-rss"))

    @property
    def language(self):
        return bcp47(translation.get_language())

    def author_name(self, obj=None):
        return settings.GUOZHEN_SITE_NAME

    def stories(self, obj=None):
        credits = Prefetch("credits", queryset=Credit.objects.select_related("author"))
        return Article.objects.published().select_related("section").prefetch_related("tags", credits)

    def items(self, obj=None):
        return self.stories(obj).defer("body", "body_html")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> are HTML to feed readers; the dek is
        # plain text, so escape it (the XML layer then escapes once more, as it must).
        return escape(item.dek)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # The substantive update time: a typo fix or a translator's save does not "update" a story.
        return item.modified_at()

    def item_author_name(self, item):
        # The bylines, else the publication; never the cited source, which is a link in the story.
        return credit_names(item.bylines()) or settings.GUOZHEN_SITE_NAME

    def item_categories(self, item):
        # Iterate the prefetched tags; taggit's .names() would run a query per story. taggit's
        # prefetch has no ORDER BY, so sort here: the same feed from SQLite and PostgreSQL.
        return [item.section.name, *(tag.name for tag in sorted(item.tags.all(), key=lambda t: t.slug))]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = WebSubAtom

    def subtitle(self, obj=None):
        return self.description(obj)

    def feed_url(self, obj=None):
        return topic(reverse("articles:feed-atom"))


class TagFeed(LatestStoriesFeed):
    """The newest published stories with one tag (RSS 2.0)."""

    def get_object(self, request, slug):
        # Like the tag page: no feed (not even its title) for a tag no published story uses.
        return get_object_or_404(Tag.objects.with_published_stories(), slug=slug)

    def title(self, obj=None):
        return _("%(site)s: stories tagged “%(tag)s”") % {"site": settings.GUOZHEN_SITE_NAME, "tag": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return topic(reverse("articles:tag-feed", kwargs={"slug": obj.slug}))

    def stories(self, obj=None):
        return super().stories(obj).filter(tags=obj)
