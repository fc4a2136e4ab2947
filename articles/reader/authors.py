"""Reader pages about people and corrections: the author page with its feeds, and the corrections page.

Kept apart from ``views.py`` so each module holds one kind of page. The author page lists the
stories the person wrote or translated, with the same newer/older paging as the other lists.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.generic import ListView

from articles.models import Author, StoryNote, page_reads
from articles.reader import pagination
from articles.reader.feeds import LatestStoriesFeed
from articles.reader.views import ReaderMixin, StoryListView

CORRECTIONS_PER_PAGE = 30


class AuthorView(StoryListView):
    template_name = "articles/author_detail.html"
    list_kind = "author"

    def list_owner(self):
        self.author = page_reads.author_by_slug(self.kwargs["slug"])
        if self.author is None:
            raise Http404
        return self.author

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class CorrectionsView(ReaderMixin, ListView):
    """Every published note (correction, clarification, update), newest first, with its story."""

    template_name = "articles/corrections.html"
    context_object_name = "notes"
    paginate_by = CORRECTIONS_PER_PAGE

    def get_queryset(self):
        # The note and its story's slug and headline: one query, whatever the number of notes.
        fields = ("kind", "noted_at", "text_en", "text_zh_hans", "article__slug", "article__title_en")
        return (
            StoryNote.objects.published()
            .select_related("article")
            .only(*fields, "article__title_zh_hans")
            .order_by("-noted_at", "-pk")
        )

    def paginate_queryset(self, queryset, page_size):
        page = pagination.story_page(queryset, self.request.GET.get("page"), per_page=page_size)
        return None, page, page.object_list, page.has_other_pages()


class AuthorFeed(LatestStoriesFeed):
    """The newest published stories that credit one author (RSS 2.0)."""

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj=None):
        return _("%(site)s: stories by %(name)s") % {"site": settings.GUOZHEN_SITE_NAME, "name": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("articles:author-feed-rss", kwargs={"slug": obj.slug})

    def stories(self, obj=None):
        return super().stories(obj).credited_to(obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)

    def feed_url(self, obj=None):
        return reverse("articles:author-feed-atom", kwargs={"slug": obj.slug})
