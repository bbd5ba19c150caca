from django.contrib.sitemaps import Sitemap

from .models import FaqEntry


class FaqEntrySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return FaqEntry.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
