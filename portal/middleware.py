from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware import http
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, get_conditional_response, set_response_etag
from django.utils.functional import cached_property
from django.utils.http import parse_http_date_safe
from django.utils.log import log_response

from .cache import CacheUnavailable
from .context_processors import WITHOUT_DATABASE
from .health import healthz

DATABASE_ERRORS = (OperationalError, InterfaceError)


class AdminPolicyMiddleware:
    """Give /admin/ its own, looser Content-Security-Policy.

    Admin and form-media script tags get no nonce (Django tickets #36784, #36825), so the admin
    needs a different policy; the public pages keep the strict one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return response


class OutagePageMiddleware:
    """Answer a lost database connection with a clean 503 page, not a 500 (#6); and a save
    refused because the cache couldn't be invalidated with a 503 page that says so.

    The page renders in the site layout without touching the database, tells clients to retry,
    and is never cached. CONN_HEALTH_CHECKS replaces the broken connection on the next request,
    so the site recovers by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            response = database_unavailable(request)
        elif isinstance(exception, CacheUnavailable):
            response = unavailable_page(request, "503_cache.html")
        else:
            return None
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


class MethodNotAllowedPageMiddleware:
    """Give the empty 405 that require_POST/require_safe send the site's error page.

    Readers reach these only by following a link to a POST-only address (the ask form's
    suggestions, the editor's preview) or by a tool sending an odd method (a POST or PUT to a
    page, which only takes GET and HEAD).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and "Allow" in response:
            allowed = set(response["Allow"].split(", "))
            if allowed <= {"GET", "HEAD", "OPTIONS"}:
                kind = "read-only page"
            elif "GET" in allowed:
                kind = "page"  # the ask form, sent a PUT or DELETE
            else:
                kind = "form address"  # POST only
            context = {"kind": kind, **WITHOUT_DATABASE}
            body = loader.render_to_string("405.html", context, request)
            page = HttpResponse(body, status=405)
            page["Allow"] = response["Allow"]
            return page
        return response


def database_unavailable(request):
    return unavailable_page(request, "503.html")


def kept_question(request):
    """The reader's question a refused or failed POST carried, for includes/kept_question.html
    to show, so it isn't lost. Only for a form sent from this site: another site could post
    its own text and have our error page show it under our name."""
    if request.method != "POST" or not sent_from_this_site(request):
        return ""
    return request.POST.get("question", "")


def sent_from_this_site(request):
    # Browsers since 2023 say where a request comes from; older ones send Origin with a POST.
    if fetch_site := request.headers.get("Sec-Fetch-Site"):
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    try:
        return origin is None or urlsplit(origin).netloc == request.get_host()
    except DisallowedHost:
        return False


def unavailable_page(request, template):
    context = {"site_name": settings.SITE_NAME, "kept_text": kept_question(request)}
    body = loader.render_to_string(template, context | WITHOUT_DATABASE, request)
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    add_never_cache_headers(response)
    return response


class HeadWithoutBodyMiddleware:
    """Answer HEAD with the GET headers and no body.

    Django leaves dropping the body to the server; gunicorn does it but logs a warning for
    every HEAD request, and load balancers and uptime checks send many.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's, for HEAD too: it leaves HEAD alone since a server may drop the body before the
    middleware sees it, but here a HEAD is answered as its GET is, the body dropped only at the
    top (HeadWithoutBodyMiddleware). So a HEAD carries the GET's ETag, and a CDN or a link
    checker revalidating with HEAD and If-None-Match gets its 304."""

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD"):
            return response  # too late to refuse an unsafe request with a 412
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if etag or last_modified:
            return get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        return response


class PermissionsPolicyMiddleware:
    """Turn off the browser features no page of ours uses, so nothing on them can ask a reader
    for their camera or location, and browsers don't count a visit here toward the reader's
    advertising topics (the Topics API)."""

    POLICY = (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
        "browsing-topics=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class HealthCheckMiddleware:
    """Answers /healthz before anything reads the Host header: load balancers often send an
    app server's own address (not in ALLOWED_HOSTS), and a 400 there would take every server
    out of rotation. Nothing in the answer depends on the host."""

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def path(self):
        return reverse("healthz")  # once: this runs before every request, cached pages too

    def __call__(self, request):
        # request.path, like reverse(), includes the script prefix of a sub-path mount.
        if request.method in {"GET", "HEAD"} and request.path == self.path:
            return healthz(request)  # other methods go through the usual checks below
        return self.get_response(request)
