from django.urls import path

from articles.caching.etag import etag_from_content
from articles.reader import feeds, previews, views
from articles.search import views as search_views

app_name = "articles"

urlpatterns = [
    path("", views.ArticleIndexView.as_view(), name="index"),
    path("stories/<slug:slug>/", etag_from_content(views.ArticleDetailView.as_view()), name="detail"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("tags/<slug:slug>/feed/", etag_from_content(feeds.TagFeed()), name="tag-feed"),
    path("feed/rss/", etag_from_content(feeds.LatestStoriesFeed()), name="feed-rss"),
    path("feed/atom/", etag_from_content(feeds.LatestStoriesAtomFeed()), name="feed-atom"),
    path("search/", search_views.search, name="search"),
    # Never in GUOZHEN_PAGE_CACHE_VIEWS and never given an ETag (articles/reader/previews.py).
    path("preview/<str:token>/", previews.preview, name="preview"),
]
