"""Rate limits count every hit for the whole window, even from concurrent workers sharing a
file cache, and nothing a reader does to the page cache can reset them (#4, #6)."""

import pickle
import threading
import time

import pytest
from django.test import override_settings

from portal.ratelimit import RateLimit, counters
from tests.factories import make_article
from tests.helpers.caches import file_caches


def test_concurrent_hits_on_the_file_cache_are_all_counted(rf, tmp_path):
    request = rf.get("/faq/ask/", REMOTE_ADDR="192.0.2.7")

    def burst():
        for _ in range(25):
            RateLimit(request, "test-burst", 1000, 60).hit()

    with override_settings(CACHES=file_caches(tmp_path)):
        workers = [threading.Thread(target=burst) for _ in range(8)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
        assert RateLimit(request, "test-burst", 1000, 60).count() == 8 * 25


def stored_expiry(cache, key):
    """When the file cache will drop `key`: the time it writes at the start of the key's file."""
    with open(cache._key_to_file(key), "rb") as stored:
        return pickle.load(stored)


def test_a_count_lasts_the_whole_window_on_the_file_cache(rf, tmp_path):
    # Django's generic incr() re-saves with the cache's default timeout (here 1 s): the
    # count must be kept for as long as the window lasts, not dropped a second later.
    request = rf.get("/faq/ask/", REMOTE_ADDR="192.0.2.8")
    with override_settings(CACHES=file_caches(tmp_path, counters={"TIMEOUT": 1})):
        RateLimit(request, "test-window", 5, 3600).hit()
        limit = RateLimit(request, "test-window", 5, 3600)
        limit.hit()
        assert limit.count() == 2
        assert stored_expiry(counters(), limit.key) > time.time() + 3000


@pytest.mark.django_db
def test_filling_the_page_cache_does_not_reset_rate_limits(client, rf, tmp_path):
    # A bot requesting many distinct URLs makes the page cache cull its entries; the limit
    # on questions from its address must hold.
    request = rf.get("/faq/ask/", REMOTE_ADDR="127.0.0.1")
    small = {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 1}}
    with override_settings(CACHES=file_caches(tmp_path, pages=small)):
        for _ in range(3):
            RateLimit(request, "faq-ask", 3, 3600).hit()
        for article in [make_article() for _ in range(12)]:
            assert client.get(article.get_absolute_url()).status_code == 200
        assert RateLimit(request, "faq-ask", 3, 3600).exceeded()
