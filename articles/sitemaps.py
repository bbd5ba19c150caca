from django.db.models import Max
from django.urls import reverse

from portal.sitemaps import PublishedSitemap, SiteSitemap

from .models import Article, Page, Topic


class ArticleSitemap(PublishedSitemap):
    model = Article
    changefreq = "weekly"


class PageSitemap(PublishedSitemap):
    model = Page
    changefreq = "monthly"


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
