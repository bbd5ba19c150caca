"""Per-client rate limits in Django's cache, keyed on a salted hash of the client address.

Behind a reverse proxy every request comes from the proxy's address, so a limit keyed on
REMOTE_ADDR would lock everyone out at once (jsocol/django-ratelimit#55). We trust
X-Forwarded-For only as far as settings.TRUSTED_PROXY_COUNT proxies, and never store the raw
address: the cache key is an HMAC of it that lives only as long as the window. Counters live in
the "counters" cache, apart from the page cache, so a flood of distinct URLs can't evict them.
If that cache is down, limits fail open: a reader's question is worth more than a limit.
"""

import fcntl
import functools
import hashlib
import hmac
import ipaddress
import logging
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

from . import breaker

logger = logging.getLogger(__name__)


def client_address(request):
    """The address of the client as seen by the outermost proxy we trust."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if forwarded and not proxies:
        warn_untrusted_forwarding()
    # Each trusted proxy appends the address it saw; anything further left could be forged.
    if proxies and len(forwarded) >= proxies:
        try:
            return forwarded_address(forwarded[-proxies])
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR", "")


def forwarded_address(text):
    """An address from X-Forwarded-For, which some load balancers write with the client's port:
    `203.0.113.9:51234`, `[2001:db8::1]:51234`."""
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    return str(ipaddress.ip_address(text))


@functools.cache
def warn_untrusted_forwarding():
    """Once per process. Behind a proxy with TRUSTED_PROXY_COUNT=0, every request comes from the
    proxy's address: all readers share one question limit, and ten wrong passwords from anyone
    lock every editor out of signing in."""
    logger.warning(
        "Requests carry X-Forwarded-For but TRUSTED_PROXY_COUNT is 0, so rate limits count "
        "every client behind a proxy as one. If a proxy is in front of the app, set "
        "TRUSTED_PROXY_COUNT to the number of proxies; if none is, a client sent the header "
        "itself, and it is ignored."
    )


def client_network(address, ipv6_prefix=64):
    """What one client controls: an IPv4 address, or an IPv6 address's /64, since a household
    or phone is usually given a whole /64 and can pick a new address in it at will. (A
    household may be given a /56 or a /48: a limit that readers don't share asks for that.)"""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/{ipv6_prefix}", strict=False))


def client_key(request, ipv6_prefix=64):
    """A salted, keyed hash of the client's network: stable for a client, useless if leaked."""
    secret = f"portal.ratelimit:{settings.SECRET_KEY}".encode()
    network = client_network(client_address(request), ipv6_prefix)
    return hmac.new(secret, network.encode(), hashlib.sha256).hexdigest()[:32]


class RateLimit:
    """At most `limit` hits per `period` seconds for one client in one `scope`.

    Fixed windows aligned to the clock: the window is part of the key, so a counter never has
    to be reset, and `retry_after` says exactly when the next window opens.
    """

    def __init__(self, request, scope, limit, period, ipv6_prefix=64):
        now = time.time()
        window = int(now // period)
        self.key = f"ratelimit:{scope}:{client_key(request, ipv6_prefix)}:{window}"
        self.limit = limit
        self.period = period
        self.retry_after = max(1, int((window + 1) * period - now))

    def count(self):
        return attempt("get", self.key, 0, default=0)

    def exceeded(self):
        return self.count() >= self.limit

    def hit(self):
        """Record one hit; True while the client is still within the limit."""
        if breaker.is_down(counters()):
            return True
        try:
            with atomic_counters():
                store = counters()
                store.add(self.key, 0, self.period)
                try:
                    count = store.incr(self.key)
                except ValueError:  # expired between add() and incr()
                    store.set(self.key, 1, self.period)
                    count = 1
                # Django's generic incr() (file and database caches) saves the new count with
                # the default timeout, 300 s, which would end a longer window early.
                store.touch(self.key, self.period)
        except Exception as exc:
            breaker.mark_down(counters(), "counters cache", exc)
            return True
        return count <= self.limit

    def give_back(self):
        """Undo one hit whose action failed on our side (the database was away, say), so a
        reader who sends again once it is back isn't refused for our outage."""
        if breaker.is_down(counters()):
            return
        try:
            with atomic_counters():
                store = counters()
                store.decr(self.key)
                store.touch(self.key, self.period)  # as in hit(): keep the window's lifetime
        except ValueError:
            pass  # the window ended meanwhile: nothing left to give back
        except Exception as exc:
            breaker.mark_down(counters(), "counters cache", exc)


def counters():
    return caches["counters"]


def attempt(method, *args, default=None):
    """counters().<method>(*args), or `default` when the cache is down."""
    if breaker.is_down(counters()):
        return default
    try:
        with atomic_counters():
            return getattr(counters(), method)(*args)
    except Exception as exc:
        breaker.mark_down(counters(), "counters cache", exc)
        return default


@contextmanager
def atomic_counters():
    """Serialize counting where the cache can't: FileBasedCache.incr() and add() read, then
    write.

    Redis and local memory increment atomically. The workers sharing a file cache would
    otherwise read the same count at once and let a burst of requests past the limit, so they
    take turns through a lock file beside the cache files (which the cache never deletes).
    """
    if not isinstance(counters(), FileBasedCache):
        yield
        return
    directory = Path(settings.CACHES["counters"]["LOCATION"])
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "ratelimit.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
