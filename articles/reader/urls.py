from django.urls import path

from articles.caching.etag import etag_from_content
from articles.reader import authors, feeds, json_feed, previews, views
from articles.reader.redirects import redirect_old_slugs
from articles.search import views as search_views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleIndexView.as_view(), name="index"),
    path("stories/<slug:slug>/", etag_from_content(views.ArticleDetailView.as_view()), name="detail"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path(
        "tags/<slug:slug>/feed/",
        etag_from_content(redirect_old_slugs(feeds.TagFeed(), kind="tag", url_name="articles:tag-feed")),
        name="tag-feed",
    ),
    path("feed/rss/", etag_from_content(feeds.LatestStoriesFeed()), name="feed-rss"),
    path("feed/atom/", etag_from_content(feeds.LatestStoriesAtomFeed()), name="feed-atom"),
    path("feed/json/", etag_from_content(json_feed.latest), name="feed-json"),
    path("tags/<slug:slug>/feed/json/", etag_from_content(json_feed.tag), name="tag-feed-json"),
    path("search/", search_views.search, name="search"),
    path("authors/<slug:slug>/", authors.AuthorView.as_view(), name="author"),
    path("authors/<slug:slug>/feed/rss/", etag_from_content(authors.AuthorFeed()), name="author-feed-rss"),
    path(
        "authors/<slug:slug>/feed/atom/", etag_from_content(authors.AuthorAtomFeed()), name="author-feed-atom"
    ),
    path("corrections/", authors.CorrectionsView.as_view(), name="corrections"),
    # Never in GUOZHEN_PAGE_CACHE_VIEWS and never given an ETag (articles/reader/previews.py).
    path("preview/<str:token>/", previews.preview, name="preview"),
]
