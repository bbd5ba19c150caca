"""Pages about the site, at /<slug>/: included last (portal/urls.py), after every other address,
which Page.reserved_slugs keeps a page from taking."""

from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("<slug:slug>/", views.page_detail, name="detail"),
    path("<slug:slug>/preview/", views.page_preview, name="preview"),
]
