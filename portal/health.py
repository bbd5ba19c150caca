"""/healthz, for load balancers (#6)."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 while the database answers, 503 otherwise.

    A shared cache that fails is reported ("degraded") but keeps the 200: pages are then
    served from the database, and a cache outage must not make every app server look down.
    """
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
    if checks["database"] != "ok":
        status = "unavailable"
    else:
        status = "ok" if checks.get("cache", "ok") == "ok" else "degraded"
    return JsonResponse(
        {"status": status, **checks}, status=503 if status == "unavailable" else 200
    )
