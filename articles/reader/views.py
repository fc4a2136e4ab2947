"""Reader pages. Views stay thin: a queryset, a template and a context."""

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import (
    patch_cache_control,
)
from django.views.generic import DetailView, ListView

from articles.caching import pages
from articles.models import Article, Section, SlugHistory, page_reads
from articles.reader import cards, listing_page, pagination, story_page
from articles.reader.redirects import OldSlugRedirectMixin
from articles.translations.status import chinese_counts

# A card shows these fields only. Loading just them (and not the bodies, each several kilobytes in
# two languages) halves the cost of turning rows into objects. A template that reads another field
# would run a query per card, which the query-budget tests catch.
RELATED_LIMIT = 4


_NAV_BY_GENERATION: dict[int, list[Section]] = {}


def nav_sections() -> list[Section]:
    """Return every section for the navigation, kept in the shared cache under the page generation.

    Sections change a few times a year and every reader page lists them; any save of a section
    bumps the generation (caching/invalidation.py), so the cached list is never stale. That
    query saved is what lets a story page read its credits and notes within its budget. The list
    unpickled from the shared cache is also kept in this process under the same generation (the
    generation is read from the shared cache on every call, so another server's edit is seen at
    once); the instances are only read.
    """
    try:
        generation = pages.current_generation()
    except pages.CACHE_ERRORS:
        return list(Section.objects.all())
    sections = _NAV_BY_GENERATION.get(generation)
    if sections is not None:
        return sections
    try:
        sections = cache.get(f"reader:nav-sections:{generation}")
    except pages.CACHE_ERRORS:
        return list(Section.objects.all())
    if sections is None:
        sections = list(Section.objects.all())
        try:
            cache.set(f"reader:nav-sections:{generation}", sections, settings.GUOZHEN_PAGE_CACHE_TIMEOUT)
        except pages.CACHE_ERRORS:
            pass
    _NAV_BY_GENERATION.clear()  # only the current generation is worth keeping
    _NAV_BY_GENERATION[generation] = sections
    return sections


class ReaderMixin:
    """What every reader page shares: the section navigation (cached, else one query)."""

    def get_nav_sections(self) -> list[Section]:
        if not hasattr(self, "_nav_sections"):
            self._nav_sections = nav_sections()
        return self._nav_sections

    def get_context_data(self, **kwargs):
        return super().get_context_data(nav_sections=self.get_nav_sections(), **kwargs)


class StoryListView(ReaderMixin, ListView):
    """Published stories, newest first, 20 a page; a junk or out-of-range ``?page=`` is a 404."""

    paginate_by = 20
    context_object_name = "articles"

    list_kind = "all"

    def list_owner(self):
        """The section, tag or author whose stories the page lists (None for the home page)."""
        return None

    def get_queryset(self):
        # Cards show the section, headline, dek, date and lead picture; not the tags. The list is a
        # read of plain rows compiled once per process (models/page_reads.py), sliced by the page's
        # window; the cards are made from those rows (reader/cards.py).
        owner = self.list_owner()
        return page_reads.story_list(self.list_kind, owner.pk if owner else None)

    def paginate_queryset(self, queryset, page_size):
        # Newer/older pages that never count the stories (see articles/pagination.py).
        page = pagination.story_page(queryset, self.request.GET.get("page"), per_page=page_size)
        return None, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        sections = {section.pk: section for section in self.get_nav_sections()}
        images = page_reads.lead_images([row[0] for row in rows])
        articles = cards.CardRows(rows, images=images, sections=sections)
        context["object_list"] = context[self.context_object_name] = articles
        return context

    def render_to_response(self, context, **response_kwargs):
        # The page is made in Python (reader/listing_page.py); the template makes the same bytes.
        html = listing_page.listing_page_html(self.request, context, self.list_kind)
        return HttpResponse(html, **response_kwargs)


class ArticleIndexView(StoryListView):
    template_name = "articles/article_list.html"


class SectionView(OldSlugRedirectMixin, StoryListView):
    slug_kind = SlugHistory.Kind.SECTION
    template_name = "articles/section_detail.html"

    list_kind = "section"

    def list_owner(self):
        # The navigation already holds every section, so finding this one costs no query.
        by_slug = {section.slug: section for section in self.get_nav_sections()}
        self.section = by_slug.get(self.kwargs["slug"])
        if self.section is None:
            raise Http404
        return self.section

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(OldSlugRedirectMixin, StoryListView):
    slug_kind = SlugHistory.Kind.TAG
    template_name = "articles/tag_detail.html"

    list_kind = "tag"

    def list_owner(self):
        # A tag only unpublished stories use could name an embargoed subject: 404 until one is public.
        self.tag = page_reads.tag_with_public_stories(self.kwargs["slug"])
        if self.tag is None:
            raise Http404
        return self.tag

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


def related_articles(article: Article, limit: int = RELATED_LIMIT) -> list[tuple]:
    """Return up to ``limit`` published stories sharing a tag with article, newest first (one query)."""
    return page_reads.related_stories(article, limit=limit)


class ArticleDetailView(OldSlugRedirectMixin, ReaderMixin, DetailView):
    """A story. Users with the story view permission may also preview stories that are not public.

    Being staff is not enough: a staff account in no group (or one made for another purpose) must
    not read drafts, scheduled or archived stories. The page says "preview" in a banner. A slug the
    story had before answers 301 to its current address (``reader/redirects.py``).
    """

    preview_permission = "articles.view_article"
    slug_kind = SlugHistory.Kind.STORY

    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_object(self, queryset=None):
        slug = self.kwargs["slug"]
        story = page_reads.story_for_page(slug)
        # Only a miss looks at the session, so public story pages do not vary by cookie.
        if story is None and self.request.user.has_perm(self.preview_permission):
            story = page_reads.story_for_page(slug, include_unpublished=True)
        if story is None:
            raise Http404
        return story

    def get_context_data(self, **kwargs):
        article = self.object
        # On a Chinese page, English shows for the fields with no Chinese (outdated ones are Chinese).
        counts = chinese_counts(article) if translation.get_language() != settings.LANGUAGE_CODE else None
        return super().get_context_data(
            related=related_articles(article),
            translation_incomplete=bool(counts and 0 < counts.missing < counts.total),
            story_in_english=bool(counts and counts.total and counts.missing == counts.total),
            translation_outdated=bool(counts and counts.outdated),
            is_preview=not article.is_published(),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        if not context["is_preview"]:  # the public page is made in Python (reader/story_page.py)
            return HttpResponse(story_page.story_page_html(self.request, context), **response_kwargs)
        response = super().render_to_response(context, **response_kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response
