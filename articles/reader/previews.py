"""The public side of preview links: ``/<lang>/preview/<token>/`` shows a story that is not public.

Anyone holding the link sees the story without an account, in either language (the language
switch resolves this same URL, so it stays inside the preview), under a "not published" banner.
A wrong, expired or revoked token raises the same ``Http404`` at the same place, so the answers
cannot be told apart. Every answer is ``Cache-Control: private, no-store`` with no ETag; the URL
is not in ``GUOZHEN_PAGE_CACHE_VIEWS``, so the page cache never stores it either.
"""

from django.conf import settings
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.history.as_recorded import story_as_recorded
from articles.models import Article, PreviewLink, Section
from articles.reader.views import related_articles
from articles.translations.status import article_status


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def _story(link: PreviewLink) -> Article | None:
    if link.version_id is not None:
        return story_as_recorded(link.version)
    return Article.objects.with_listing_data().filter(pk=link.article_id).first()


def _english_url(token: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("articles:preview", kwargs={"token": token})


@require_safe
def preview(request, token: str):
    """Show the story behind a usable preview link; send it to the public page once it is public."""
    link = PreviewLink.objects.for_token(token)
    if link is None:
        raise Http404
    if link.article.is_published():
        return _private(HttpResponseRedirect(link.article.get_absolute_url()))
    article = _story(link)
    if article is None:
        raise Http404
    if request.method == "GET":
        PreviewLink.objects.filter(pk=link.pk).update(
            view_count=F("view_count") + 1, last_viewed_at=timezone.now()
        )
    incomplete = translation.get_language() != settings.LANGUAGE_CODE and not article_status(article).complete
    context = {
        "article": article,
        "object": article,
        "nav_sections": list(Section.objects.all()),
        "related": related_articles(article),
        "translation_incomplete": incomplete,
        "is_preview": True,
        "preview_link": link,
        "preview_english_url": _english_url(token),
    }
    response = TemplateResponse(request, "articles/article_detail.html", context)
    return _private(response)
