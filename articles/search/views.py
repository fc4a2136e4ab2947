"""The reader's search page: ``/<lang>/search/?q=...``."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from articles.search.highlight import build_hit, term_pattern
from articles.search.query import MAX_QUERY_CHARS, MAX_TERMS, parse_query
from articles.search.results import SearchResults

RESULTS_PER_PAGE = 20


@never_cache  # results differ per query and change as stories are published: no shared caching
def search(request):
    """Show the published stories matching ``q``, 20 a page; bad input gives a friendly page."""
    query = parse_query(request.GET.get("q", ""))
    page = Paginator(SearchResults(query), RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    pattern = term_pattern(query)
    context = {
        "query": query,
        "search_query": query.text,
        "page_obj": page,
        "hits": [build_hit(article, pattern) for article in page.object_list],
        "max_query_chars": MAX_QUERY_CHARS,
        "max_terms": MAX_TERMS,
    }
    return render(request, "articles/search_results.html", context)
