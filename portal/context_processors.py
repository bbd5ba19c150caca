from django.conf import settings

from articles.models import Page
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


def footer_pages():
    """The pages about the site linked from every reader's page: one query, when shown."""
    return Page.objects.published().filter(in_footer=True).only("slug", "title")
