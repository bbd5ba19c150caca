"""The portal's URLs plus two benchmark pages, mounted only in load runs (load/settings.py).

- /bench/constant/: a bare view returning a constant 20 KB page through the whole middleware
  stack: the ceiling any page of ours can reach on this machine and server setup.
- /bench/uncached/articles/<slug>/: the real article view, marked never-cached, so every
  request renders it from the database as a cache miss would.
- /bench/query/: the constant page after one ORM query: the issue's own calibration point
  ("one extra SQLite query ... ~70%"), so the floor below shows what the layout adds.
- /bench/floor/: the least any page drawn from the database does here: one query and the
  site's layout around a heading, never cached. It shows how much of the ceiling is left once
  Django's ORM and templates take part at all (README, "Benchmarks").
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.cache import never_cache

from articles.models import Article
from articles.views import article_detail

_FILLER = "<p>" + "Plain words about civic questions. " * 16 + "</p>\n"
CONSTANT_PAGE = (
    "<!doctype html><html lang=en><head><meta charset=utf-8><title>Ceiling</title></head><body>"
    + _FILLER * (20_000 // len(_FILLER))
    + "</body></html>"
).encode()


@never_cache
def constant(request):
    return HttpResponse(CONSTANT_PAGE)


@never_cache
def one_query(request):
    Article.objects.published().only("title").first()
    return HttpResponse(CONSTANT_PAGE)


FLOOR_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>{% endblock %}'
)


@never_cache
def floor(request):
    article = Article.objects.published().only("title").first()
    return HttpResponse(FLOOR_PAGE.render({"article": article}, request))


urlpatterns = [
    path("bench/constant/", constant),
    path("bench/query/", one_query),
    path("bench/floor/", floor),
    path("bench/uncached/articles/<slug:slug>/", never_cache(article_detail)),
    path("", include("portal.urls")),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
