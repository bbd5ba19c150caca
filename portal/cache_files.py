"""Deleting expired entries of the file caches (CACHE_DIR, one server without Redis).

Django's FileBasedCache deletes an expired file only when its key is read again, or at random
once the folder holds MAX_ENTRIES files. Rate-limit windows are never read again once they have
passed, so without this their files, each named from a keyed hash of a reader's address, would
stay on disk for weeks, against the ask form's promise ("for up to a day"). Cached pages
holding a since-deleted answer would stay too. Redis expires its keys on its own.
"""

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache


def delete_expired_files():
    """Delete the expired files of every file cache; how many went."""
    deleted = 0
    for cache in caches.all():
        if not isinstance(cache, FileBasedCache):
            continue
        for path in cache._list_cache_files():
            try:
                with open(path, "rb") as f:
                    # Django's own check: reads the expiry written first, deletes if passed.
                    deleted += cache._is_expired(f)
            except FileNotFoundError:
                pass  # read and deleted by a request meanwhile
    return deleted
