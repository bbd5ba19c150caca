import sys

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles.models import Topic
from articles.views import public_list

from .middleware import DATABASE_ERRORS, database_unavailable


def home(request):
    return render(
        request,
        "home.html",
        {
            "featured": public_list().filter(featured=True)[:3],
            "latest": public_list()[:6],
            "topics": Topic.objects.all(),
        },
    )


def search(request):
    """Placeholder until full-text search lands: title/summary contains the query."""
    query = request.GET.get("q", "").strip()[:200]
    results = public_list().filter(title__icontains=query) if query else []
    return render(request, "search.html", {"query": query, "results": results})


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database (and a shared cache) answer, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    if "locmem" not in settings.CACHES["default"]["BACKEND"]:
        # The workers (or app servers) share this cache for pages and rate limits.
        try:
            cache.set("healthz", "ok", 10)
            checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
        except Exception:
            checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /faq/ask/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _error_page(request, template, status):
    # Error pages render in the site's layout but must not depend on the database.
    body = loader.render_to_string(template, {"site_name": settings.SITE_NAME}, request)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


def server_error(request):
    # A database error outside a view (e.g. saving the session) is an outage too: 503.
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return database_unavailable(request)
    return _error_page(request, "500.html", 500)
