import hashlib
import re
import sys
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Topic
from articles.views import public_list
from faq.forms import STARTED, started_token
from faq.models import FaqEntry

from . import editor_views
from . import search as engine
from .context_processors import WITHOUT_DATABASE
from .middleware import DATABASE_ERRORS, database_unavailable, kept_question
from .models import ONE_OFF_DAYS, ZeroResultSearch
from .params import slug_param, text_param
from .ratelimit import RateLimit, attempt, client_key
from .search import spelling
from .search.query import mostly_spanish

# Searches without results one client may add to the editors' list per hour.
ZERO_RESULT_LOG_LIMIT = 20
# A piece's or topic's address whose slug reads as words: letters (any alphabet), digits, "-"
# and "_", with a letter somewhere, not a file (wp-login.php) or a number.
PIECE_ADDRESS = re.compile(r"/(?:articles|faq|topics)/((?=[\w-]*[^\W\d_])[\w-]{2,80})/?")
# Words offered one at a time on a page without results: each costs a search to check.
FEWER_WORDS = 4


@require_safe
def home(request):
    featured = list(public_list().filter(featured=True)[:3])
    # Latest leaves out what is already featured above it, so no card shows twice.
    latest = public_list().exclude(pk__in=[article.pk for article in featured])[:6]
    spanish = FaqEntry.objects.published().filter(language=FaqEntry.Language.SPANISH)
    context = {"featured": featured, "latest": latest, "topics": Topic.objects.all()}
    return render(request, "home.html", context | {"spanish_answers": spanish.exists()})


@never_cache  # what a reader searched for stays off shared caches and a shared phone's disk
@require_safe
def search(request):
    """Ranked full-text search over published articles and FAQ entries (#5)."""
    query = text_param(request.GET, "q", engine.MAX_QUERY_CHARS)
    kind = request.GET.get("type", "")
    kind = kind if kind in engine.kind_names() else ""
    topic = None
    if slug := slug_param(request.GET, "topic"):
        topic = Topic.objects.filter(slug=slug).first()
    page = engine.search(query, kind=kind or None, topic=topic, page=request.GET.get("page"))
    suggested = ""
    # Only common words ("what is") were not searched at all: nothing for editors to write.
    if page.query and (page.some_of or not page.paginator.count or page.query.misspelt):
        # Offered only if a page has all its words: a word that is right but rare isn't
        # "corrected". A Spanish word left out for being near one of the map's ("santurio") is
        # corrected in the words as typed.
        typed = engine.parse(query) if page.query.misspelt else page.query
        suggested = spelling.suggestion(typed)
        if suggested:
            found = engine.search(suggested, kind=kind or None, topic=topic)
            suggested = suggested if found.paginator.count and not found.some_of else ""
    if page.query and not page.paginator.count:
        # Bounded per client, so a script can't fill the editors' list (or the table) with junk;
        # and once a week per client and search, so a reader searching again is still one
        # reader: editors see only searches made twice (a one-off may be a person's name).
        limit = RateLimit(request, "zero-result-log", ZERO_RESULT_LOG_LIMIT, 3600)
        # A personal search leaves no trace: not even the hashed once-a-week mark.
        counted = not kind and not topic and ZeroResultSearch.kept(query)
        if counted and first_in_a_week(request, query) and limit.hit():
            ZeroResultSearch.record(query)
    filters = {"q": query, "type": kind, "topic": topic.slug if topic else ""}
    context = {
        "query": query,
        "query_lang": "es" if mostly_spanish(query) else "",
        "page": page,
        "kind": kind,
        "topic": topic,
        "topics": Topic.objects.all(),
        "extra_query": urlencode({k: v for k, v in filters.items() if v}),
        "fewer_words": fewer_words(page),
        "suggested": suggested,
        # "Ask us this question" brings the words along, and when the reader came to them:
        # sent at once, the form's speed check refused the question typed before it opened.
        "ask_link": reverse("faq:ask")
        + "?"
        + urlencode({"q": query, STARTED: started_token()}, quote_via=quote),
    }
    return render(request, "search.html", context)


def fewer_words(page):
    """The reader's words that find something on their own, for "Try fewer words" on a page
    without results: a link to another "Nothing matched" only costs a stressed reader a tap.
    Each is searched as the link does, without the filters; at most FEWER_WORDS searches."""
    query = page.query
    if page.paginator.count or not query:
        return []
    typed = query.terms[: FEWER_WORDS - 1] + ([query.prefix] if query.prefix else [])
    if len(typed) < 2:
        return []  # one word, and it found nothing
    return [word for word in typed if engine.search(word, per_page=1).paginator.count]


def first_in_a_week(request, query):
    """Whether this client hasn't made this search (as ZeroResultSearch counts it) in the last
    ONE_OFF_DAYS, as long as a search made once is kept: the same reader searching a
    relative's name again the next day, or reloading at midnight, made it "twice", and it
    reached the editors' list. While the counters cache is down, it counts."""
    digest = hashlib.sha256(ZeroResultSearch.normalise(query).encode()).hexdigest()[:16]
    key = f"zero-result-seen:{digest}:{client_key(request)}"
    return attempt("add", key, 1, ONE_OFF_DAYS * 24 * 3600, default=True)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Not /faq/ask/: its noindex keeps it out of search results only if crawlers may read it.
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _error_page(request, template, status, **context):
    # Error pages render in the site's layout but must not depend on the database.
    context["site_name"] = settings.SITE_NAME
    body = loader.render_to_string(template, context | WITHOUT_DATABASE, request)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    too_big = isinstance(exception, RequestDataTooBig)  # say so: sending it again won't help
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return _error_page(request, "400.html", 400, too_big=too_big, limit=limit)


def permission_denied(request, exception=None):
    user = getattr(request, "user", None)  # refused before the auth middleware ran: no user
    if user and user.is_staff and request.path.startswith(reverse("admin:index")):
        # Staff beyond their role: an admin page that says so, not the readers' page.
        context = admin.site.each_context(request)
        return HttpResponse(loader.render_to_string("admin/403.html", context, request), status=403)
    return _error_page(request, "403.html", 403)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token: the page was open too long, or cookies are
    blocked. Says how to send it again, and shows a reader's question so it isn't lost."""
    if getattr(request.resolver_match, "url_name", None) in editor_views.ENDPOINTS:
        return editor_views.refusal(request, editor_views.STALE_PAGE)
    return _error_page(request, "403_csrf.html", 403, kept_text=kept_question(request))


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404, guess=words_of_address(request.path))


def words_of_address(path):
    """The words of a mistyped or shortened piece's address (/articles/warrant/ from a text
    message: "warrant"), for the 404 page to search for; "" for any other address."""
    found = PIECE_ADDRESS.fullmatch(path)
    if not found:
        return ""
    return " ".join(word for word in re.split(r"[-_]+", found[1]) if word)


def server_error(request):
    # A database error outside a view (e.g. saving the session) is an outage too: 503.
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return database_unavailable(request)
    return _error_page(request, "500.html", 500)
