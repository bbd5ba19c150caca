from django.db.models import Max
from django.urls import reverse

from portal.sitemaps import SiteSitemap

from .models import Article, Topic


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().only("slug", *Article.LAST_CHANGED_FIELDS)

    def lastmod(self, item):
        return item.last_changed


class TopicSitemap(SiteSitemap):
    """Topics with at least one public explainer (an empty one says only "nothing yet"),
    dated by the newest change readers saw in those explainers."""

    changefreq = "weekly"

    def items(self):
        return (
            Topic.objects.filter(articles__in=Article.objects.published())
            .annotate(last_changed=Max(Article.last_changed_of("articles__")))
            .order_by("name")
        )

    def lastmod(self, item):
        return item.last_changed


class ListSitemap(SiteSitemap):
    """The pages that list everything: home, all explainers, the FAQ."""

    changefreq = "daily"

    def items(self):
        return ["home", "articles:list", "faq:list"]

    def location(self, item):
        return reverse(item)
