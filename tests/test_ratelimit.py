"""Rate limits count every hit, even from concurrent workers sharing a file cache (#4, #6)."""

import threading

from django.test import override_settings

from portal.ratelimit import RateLimit


def test_concurrent_hits_on_the_file_cache_are_all_counted(rf, tmp_path):
    # The cache a single server runs with DEBUG off: one directory shared by its workers.
    file_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    request = rf.get("/faq/ask/", REMOTE_ADDR="192.0.2.7")

    def burst():
        for _ in range(25):
            RateLimit(request, "test-burst", 1000, 60).hit()

    with override_settings(CACHES=file_cache):
        workers = [threading.Thread(target=burst) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        assert RateLimit(request, "test-burst", 1000, 60).count() == 8 * 25
