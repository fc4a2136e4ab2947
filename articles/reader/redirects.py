"""Old addresses: a slug that found no page answers 301 to the page that once had it.

Looked up only on the way to a 404, so a page that exists costs no extra query. The target is
addressed in the active language (``reverse()`` inside ``i18n_patterns``), so ``/zh-hans/`` stays
``/zh-hans/``, and the query string (``?page=2``) is kept.
"""

from django.http import Http404, HttpResponsePermanentRedirect

from articles.models import Article, Section, SlugHistory, Tag

TARGETS = {
    SlugHistory.Kind.STORY: lambda: Article.objects.published(),
    SlugHistory.Kind.SECTION: lambda: Section.objects.all(),
    SlugHistory.Kind.TAG: lambda: Tag.objects.all(),
}


def old_slug_redirect(request, kind: str, slug: str) -> HttpResponsePermanentRedirect | None:
    """Return a 301 to the page of ``kind`` that once answered at ``slug``, or None."""
    target_id = SlugHistory.objects.target_of(kind, slug)
    if target_id is None:
        return None
    target = TARGETS[kind]().filter(pk=target_id).only("slug").first()
    if target is None or target.slug == slug:
        return None
    url = target.get_absolute_url()
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class OldSlugRedirectMixin:
    """For views found by ``kwargs["slug"]``: a 404 becomes a 301 when the slug is an old one."""

    slug_kind: str = ""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            response = old_slug_redirect(request, self.slug_kind, kwargs.get("slug", ""))
            if response is None:
                raise
            return response
