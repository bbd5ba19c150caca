from django.urls import path

from . import asking, feeds, views

app_name = "faq"

urlpatterns = [
    path("faq/", views.faq_list, name="list"),
    path("faq/ask/", asking.ask, name="ask"),
    path("faq/ask/suggestions/", asking.suggestions, name="suggestions"),
    path("faq/ask/thanks/", asking.thanks, name="thanks"),
    path("faq/feed/", feeds.faq_feed, name="feed"),
    path("faq/<slug:slug>/", views.faq_detail, name="detail"),
    path("faq/<slug:slug>/preview/", views.faq_preview, name="preview"),
]
