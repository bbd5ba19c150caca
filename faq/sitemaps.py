from portal.sitemaps import SiteSitemap

from .models import FaqEntry


class FaqEntrySitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return FaqEntry.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
