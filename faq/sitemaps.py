from portal.sitemaps import SiteSitemap

from .models import FaqEntry


class FaqEntrySitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return FaqEntry.objects.published().only("slug", *FaqEntry.LAST_CHANGED_FIELDS)

    def lastmod(self, item):
        return item.last_changed
