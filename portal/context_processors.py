from django.conf import settings

from portal.search import MAX_QUERY_CHARS


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Search boxes stop typing there: longer text is cut anyway, and a pasted page of it
        # would make a URL the server refuses before Django can answer in the site's layout.
        "search_max_chars": MAX_QUERY_CHARS,
    }
