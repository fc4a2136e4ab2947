"""Reader pages. Views stay thin: a queryset, a template and a context."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from django.views.static import serve

from articles.models import Article, Section, Tag


def healthz(request):
    """200 "ok" when the database and the cache both answer, else 503 naming what failed."""
    from articles.health import health_response  # local: the checks live with the deployment code

    return health_response()


def serve_media(request, path):
    """Serve uploaded files when GUOZHEN_SERVE_MEDIA is on (development and browser tests only)."""
    if not settings.GUOZHEN_SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


class PublishedMixin:
    """Stories readers may see; staff also see drafts (the template shows a "not public" banner)."""

    def get_queryset(self):
        return Article.objects.published().with_listing_data()


class ArticleIndexView(PublishedMixin, ListView):
    paginate_by = 20
    context_object_name = "articles"


class ArticleDetailView(PublishedMixin, DetailView):
    context_object_name = "article"

    def get_queryset(self):
        if self.request.user.is_staff:
            return Article.objects.with_listing_data()
        return super().get_queryset()


class SectionView(PublishedMixin, ListView):
    paginate_by = 20
    context_object_name = "articles"
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublishedMixin, ListView):
    paginate_by = 20
    context_object_name = "articles"
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
