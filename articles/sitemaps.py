from portal.sitemaps import SiteSitemap

from .models import Article, Topic


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.all()
