from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/feed/", require_safe(feeds.LatestArticlesFeed()), name="feed"),
    path("articles/feed/atom/", require_safe(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/preview/", views.article_preview, name="preview"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("topics/<slug:slug>/feed/", feeds.topic_feed, name="topic_feed"),
]
