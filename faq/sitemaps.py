from portal.sitemaps import PublishedSitemap

from .models import FaqEntry


class FaqEntrySitemap(PublishedSitemap):
    model = FaqEntry
    changefreq = "monthly"
