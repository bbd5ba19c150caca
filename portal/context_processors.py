import math
import time

from django.conf import settings
from django.utils import timezone

from articles.models import Page, is_public
from portal.cache import content_version_or_none
from portal.search import MAX_QUERY_CHARS


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Search boxes stop typing there: longer text is cut anyway, and a pasted page of it
        # would make a URL the server refuses before Django can answer in the site's layout.
        "search_max_chars": MAX_QUERY_CHARS,
        # Called only by a template that shows them (the readers' footer), not the admin's.
        "footer_pages": footer_pages,
    }


# Added to an error page's context: it renders in the site's layout without the database,
# which may be what failed (the 503 page), so its footer names no pages.
WITHOUT_DATABASE = {"footer_pages": ()}


# The footer's links as this process last read them: (content version, good until, links).
_footer = (None, 0.0, ())


def footer_pages():
    """The pages about the site linked from every reader's page, as (address, title). Read
    once per content version in each process, and again when a page scheduled for the footer
    goes live: a query and the addresses on every uncached page took about a third of the
    least such a page costs (load/urls.py's floor). While the shared cache is down, read each
    time."""
    global _footer
    version = content_version_or_none()
    read_for, until, links = _footer
    if version is not None and version == read_for and time.time() < until:
        return links
    now = timezone.now()
    marked = Page.objects.marked_published().filter(in_footer=True)
    pages = list(marked.only("slug", "title", "status", "published_at"))
    links = tuple(
        (page.get_absolute_url(), page.title)
        for page in pages
        if is_public(page.status, page.published_at, now)
    )
    # Good until the first page scheduled for the footer goes live.
    later = [page.published_at.timestamp() for page in pages if page.published_at > now]
    _footer = (version, min(later, default=math.inf), links)
    return links
