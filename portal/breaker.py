"""Skip a cache for a few seconds after it fails, instead of trying it on every request.

A Redis that hangs rather than refusing would otherwise cost every request its socket timeout
and a log line. The mark is kept on the cache object itself (one per process and thread), so
each process finds its own way back when the cache returns, and a test that swaps CACHES
starts clean.
"""

import logging
from time import monotonic

SKIP_SECONDS = 5

logger = logging.getLogger("portal.cache")


def is_down(cache):
    return monotonic() < getattr(cache, "_portal_down_until", 0)


def mark_down(cache, what, exc):
    """Note a failure of `cache`; logs once for each time it goes down, not every request."""
    if not is_down(cache):
        logger.warning(
            "%s unavailable: %s (not used for %s s)", what, type(exc).__name__, SKIP_SECONDS
        )
    cache._portal_down_until = monotonic() + SKIP_SECONDS
