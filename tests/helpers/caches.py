"""Cache settings the tests switch to, and how many queries a page took."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

FILES = "django.core.cache.backends.filebased.FileBasedCache"


def redis_cache(url):
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def file_caches(tmp_path, pages=None, counters=None):
    """The caches a single server runs with DEBUG off: directories shared by its workers."""
    return {
        "default": {"BACKEND": FILES, "LOCATION": str(tmp_path / "pages"), **(pages or {})},
        "counters": {"BACKEND": FILES, "LOCATION": str(tmp_path / "counters"), **(counters or {})},
    }


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)
