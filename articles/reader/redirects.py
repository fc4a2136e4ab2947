"""Old addresses: a slug that found no page answers 301 to the page that once had it.

Looked up only on the way to a 404, so a page that exists costs no extra query. The target is
addressed in the active language (``reverse()`` inside ``i18n_patterns``), so ``/zh-hans/`` stays
``/zh-hans/``, and the query string (``?page=2``) is kept.
"""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse

from articles.models import Article, Section, SlugHistory, Tag

TARGETS = {
    SlugHistory.Kind.STORY: lambda: Article.objects.published(),
    SlugHistory.Kind.SECTION: lambda: Section.objects.all(),
    SlugHistory.Kind.TAG: lambda: Tag.objects.all(),
}


def old_slug_redirect(
    request, kind: str, slug: str, url_name: str = ""
) -> HttpResponsePermanentRedirect | None:
    """Return a 301 to the page of ``kind`` that once answered at ``slug``, or None.

    ``url_name`` addresses another page of the target than its own (a tag's feed).
    """
    target_id = SlugHistory.objects.target_of(kind, slug)
    if target_id is None:
        return None
    target = TARGETS[kind]().filter(pk=target_id).only("slug").first()
    if target is None or target.slug == slug:
        return None
    url = reverse(url_name, kwargs={"slug": target.slug}) if url_name else target.get_absolute_url()
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def redirect_old_slugs(view, *, kind: str, url_name: str):
    """Wrap a view found by ``slug`` (such as a feed) so that its 404 becomes a 301 for an old slug."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            response = old_slug_redirect(request, kind, kwargs.get("slug", ""), url_name)
            if response is None:
                raise
            return response

    return wrapped


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
