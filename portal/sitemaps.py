from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteSitemap(Sitemap):
    """Links from SITE_URL, not from the request's Host header, which the client chooses."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PublishedSitemap(SiteSitemap):
    """The public pieces of `model` (a Publishable), dated by when readers last got something
    new (last_changed), not by any save."""

    model = None

    def items(self):
        return self.model.objects.published().only("slug", *self.model.LAST_CHANGED_FIELDS)

    def lastmod(self, item):
        return item.last_changed
