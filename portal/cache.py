"""Full-page cache for anonymous readers, shared by every app server through Django's cache (#6).

Every page key contains a content version kept in the cache itself. Saving or deleting public
content replaces that version, so one write invalidates every cached page on every app server
sharing the cache at once; entries under old versions are never read again and simply expire.
A page also never outlives the next scheduled publish time, so a scheduled piece appears on
time without a cron job. Public pages carry no CSP nonce, so a stored page is valid for anyone.
"""

import hashlib
import logging
import re
import time
import uuid
from urllib.parse import parse_qsl, urlencode

import django
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import split_directive_names

from . import breaker
from .params import SLUG

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:version"
# Apps whose models decide what anonymous readers see. (The search index follows these models
# inside the same transaction, so it needs no entry of its own.)
CONTENT_APPS = {"articles", "faq"}
# Models in those apps that readers never see: saving them must not empty the cache, or every
# reader question would throw away every cached page.
PRIVATE_MODELS = {"faq.submittedquestion"}
# Never cached: the admin, and search results, whose long tail of one-off queries would fill the
# cache for little reuse (and whose view counts searches that find nothing).
UNCACHED_PATHS = ("/admin/", "/search/")
# Cookies that mean the page may differ for this visitor (a login, a flash message).
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store"}
# Parameters that social networks, ad platforms and newsletters add to shared links. No view
# reads them; left in the key, a post that goes viral (a new fbclid on every click) would make
# every reader a cache miss.
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "igshid",
                   "ttclid", "twclid", "mc_cid", "mc_eid"}  # fmt: skip
CACHEABLE_VARY = {"cookie", "accept-encoding"}
# The parameters cached pages read, by view, with the values they can show (articles/views.py).
# A page with any other parameter is rendered but not stored, so a script requesting endless
# distinct URLs (/?x=1, /?topic=x2, /articles/a/?page=3, ...) can't push real pages out.
_PAGE = re.compile(r"[1-9][0-9]{0,3}")
PAGE_PARAMS = {
    "articles:list": {"page": _PAGE, "topic": SLUG},
    "articles:topic": {"page": _PAGE},
}


# Content version -------------------------------------------------------------------------


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A random token, never a counter: if the key is evicted, a restarted count could
        # match keys of pages stored before and serve them again.
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def content_version_or_none():
    """content_version(), or None while the shared cache is down (skipped for a few seconds
    after a failure, as the page cache skips it: a cache that hangs would cost each caller its
    timeout). For what a process keeps while the content doesn't change (spelling's word lists,
    the footer's pages)."""
    if breaker.is_down(cache):
        return None
    try:
        return content_version()
    except Exception as exc:  # each cache backend raises its own errors
        breaker.mark_down(cache, "page cache", exc)
        return None


def bump_content_version(compute_schedule=True):
    """Invalidate every cached page, on every app server sharing this cache."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    if compute_schedule:
        # Computed after the new version is set, so it includes every commit that version
        # can show. Saves the first reader after a change the schedule query.
        next_publish = _next_publish_or_none()
        if next_publish is not None:
            cache.add(schedule_key(version), next_publish, settings.PAGE_CACHE_SECONDS)


def _next_publish_or_none():
    try:
        if transaction.get_connection().in_atomic_block:
            # A savepoint, so a failing query can't abort the caller's transaction.
            with transaction.atomic():
                return next_publish_from_db()
        # Outside a transaction no atomic(): on SQLite it would take the write lock to read.
        return next_publish_from_db()
    except DatabaseError:
        return None  # e.g. a table not migrated yet; the first reader computes it


def migrated(sender, **kwargs):
    """After `migrate` (every deploy runs it): a migration may have rewritten stored HTML
    without sending signals, so no page rendered before it is served again."""
    try:
        bump_content_version(compute_schedule=False)
    except Exception as exc:
        # The deploy must not fail because the cache is away; pages then expire on their own.
        logger.warning("page cache not invalidated after migrate: %s", type(exc).__name__)


def is_content_model(model):
    meta = model._meta
    return meta.app_label in CONTENT_APPS and meta.label_lower not in PRIVATE_MODELS


class CacheUnavailable(Exception):
    """Public content was changed while the cache couldn't be told: the change must not stand,
    or readers could keep getting the old pages."""


def content_changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("pre_") or not is_content_model(sender):
        return
    # Now, so the change shows at once even inside a long transaction, and again once
    # committed, so a page rendered from the old rows while it was open is never kept.
    historical = sender.__module__ == "__fake__"  # a migration's model: tables may be in flux
    try:
        bump_content_version(compute_schedule=not historical)
    except Exception as exc:
        raise CacheUnavailable(type(exc).__name__) from exc
    transaction.on_commit(bump_content_version, using=kwargs.get("using"), robust=True)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid="portal.cache.content_changed")


# Scheduled publishing ----------------------------------------------------------------------


def schedule_key(version):
    return f"page-cache:next-publish:{version}"


def publishable_models():
    from articles.models import Publishable

    return [m for m in apps.get_models() if issubclass(m, Publishable)]


def next_publish_from_db():
    """The next future publish time of anything marked published, as a Unix time (0: none)."""
    times = [
        model.objects.scheduled().order_by().values_list("published_at", flat=True)
        for model in publishable_models()
    ]
    first = times[0].union(*times[1:]).order_by("published_at")[:1]
    return first[0].timestamp() if first else 0.0


def page_expiry(version):
    """When a page rendered now must stop being served: its lifetime or the next publish."""
    now = time.time()
    next_publish = cache.get(schedule_key(version))
    if next_publish is None or 0 < next_publish <= now:
        next_publish = next_publish_from_db()
        cache.set(schedule_key(version), next_publish, settings.PAGE_CACHE_SECONDS)
    expires = now + settings.PAGE_CACHE_SECONDS
    return min(expires, next_publish) if next_publish else expires


# Middleware --------------------------------------------------------------------------------


def cache_url(request):
    """The request's path and query as the cache sees it, without tracking parameters; None
    when a parameter is one no cached page reads, or a value it can't show, or comes twice.

    No host or scheme: pages build absolute links from SITE_URL only, so they are the same
    under every allowed host, and a client varying the Host header (its port, case or a
    trailing dot) can't fill the cache with copies. The host is still checked."""
    request.get_host()  # DisallowedHost (a 400 page) for a host not in ALLOWED_HOSTS
    url = request.path
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return url
    kept = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if name not in TRACKING_PARAMS and not name.startswith("utm_")
    ]
    if not kept:
        return url
    try:
        readable = PAGE_PARAMS.get(resolve(request.path_info).view_name, {})
    except Resolver404:
        return None
    names = [name for name, _ in kept]
    if len(set(names)) < len(names) or not all(
        name in readable and readable[name].fullmatch(value) for name, value in kept
    ):
        return None
    return f"{url}?{urlencode(kept)}"


def static_build():
    """Which collected static files this server links to (a hash of the manifest; "" without
    one). In the key, so during a rolling deploy an app server never serves a page that links
    to stylesheet or script names only the other build has."""
    return getattr(staticfiles_storage, "manifest_hash", "")


def shown_settings():
    """The settings every page shows (its links, the site's name, its times). In the key, so
    a restart with a new value doesn't serve pages made with the old one: the cache outlives
    restarts."""
    shown = f"{settings.SITE_URL}\n{settings.SITE_NAME}\n{settings.TIME_ZONE}"
    return hashlib.sha256(shown.encode()).hexdigest()[:12]


def page_key(url, version):
    digest = hashlib.sha256(url.encode()).hexdigest()
    language = translation.get_language()
    # A stored page is a pickled response: during a rolling deploy that upgrades Django, one
    # pickled by the other release might not load.
    build = f"{django.__version__}:{static_build()}"
    return f"page-cache:page:{version}:{build}:{shown_settings()}:{language}:{digest}"


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD requests for public pages from the cache.

    Sits above the session, CSRF and auth middleware: a hit returns before any of them runs
    (no database query), and a miss sees the final response, so cookies set by them keep it out
    of the cache. The CSP middleware sits above it and gives every response, hit or not, the
    policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not self.request_is_cacheable(request):
            response = self.get_response(request)
            if PERSONAL_COOKIES & request.COOKIES.keys() and "Cache-Control" not in response:
                # A logged-in page must not be kept by a CDN or shared proxy either.
                patch_cache_control(response, private=True)
            elif request.method in {"GET", "HEAD"}:
                self.not_kept(response)
            return response
        url = cache_url(request)
        if url is None or breaker.is_down(cache):
            return self.not_kept(self.get_response(request))
        try:
            version = content_version()
            key = page_key(url, version)
            hit = cache.get(key)
        except Exception as exc:
            # A cache outage must not take the site down: serve the page uncached.
            breaker.mark_down(cache, "page cache", exc)
            return self.not_kept(self.get_response(request))
        if hit is not None and hit[1] > time.time():
            response, expires = hit
            self.set_freshness(response, expires)
            return response
        try:
            expires = page_expiry(version)
        except Exception:
            expires = 0  # database or cache unavailable: render, but don't keep the page
        response = self.get_response(request)
        # HEAD too (load balancers, link checkers): the view renders the same page, and
        # HeadWithoutBodyMiddleware drops the body only above this, so what is kept is whole.
        if self.response_is_cacheable(request, response):
            ttl = int(expires - time.time())
            if ttl > 0:
                self.set_freshness(response, expires)
                patch_vary_headers(response, ["Cookie"])
                set_response_etag(response)
                try:
                    cache.set(key, (response, expires), ttl)
                except Exception as exc:
                    breaker.mark_down(cache, "page cache", exc)
        return self.not_kept(response)

    @staticmethod
    def not_kept(response):
        """A response we didn't keep (a 404, a redirect, a parameter no view reads, the cache
        down) says so to a CDN too, unless the view has decided: without Cache-Control a CDN
        keeps it as long as it likes (hours, for some), so a scheduled piece could stay a 404
        at the edge after it is published, or a page unpublished meanwhile stay there."""
        if "Cache-Control" not in response:
            patch_cache_control(response, max_age=0)
        return response

    @staticmethod
    def request_is_cacheable(request):
        return (
            request.method in {"GET", "HEAD"}
            and not request.path.startswith(UNCACHED_PATHS)
            and not PERSONAL_COOKIES & request.COOKIES.keys()
            and "HTTP_AUTHORIZATION" not in request.META
        )

    @staticmethod
    def response_is_cacheable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if PRIVATE_DIRECTIVES & set(split_directive_names(response.get("Cache-Control", ""))):
            return False  # form pages, previews, /healthz: never_cache or private
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if vary - CACHEABLE_VARY:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        # A page that used its CSP nonce can't be replayed to another reader.
        return not getattr(request, "_csp_nonce", None)

    @staticmethod
    def set_freshness(response, expires):
        remaining = max(0, int(expires - time.time()))
        max_age = min(settings.PAGE_CACHE_MAX_AGE, remaining)
        patch_cache_control(response, public=True, max_age=max_age)
