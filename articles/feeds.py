from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from portal.params import without_control_chars

from .models import Article


class LatestArticlesFeed(Feed):
    title = settings.SITE_NAME
    description = _("The latest plain-language explainers.")
    url_name = "articles:feed"

    # Links from SITE_URL, not from the request's Host header, which the client chooses.
    def link(self):
        return settings.SITE_URL + reverse("articles:list")

    def feed_url(self):
        return settings.SITE_URL + reverse(self.url_name)

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def items(self):
        return Article.objects.published().prefetch_related("topics")[:30]

    # Rows saved outside a form (a script, an import) may still hold control characters,
    # which XML can't carry: without them the feed still answers.
    def item_title(self, item):
        return without_control_chars(item.title)

    def item_description(self, item):
        # Feed readers take the description as HTML; a summary is plain text.
        return escape(without_control_chars(item.summary))

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return without_control_chars(item.byline) or None

    def item_categories(self, item):
        return [without_control_chars(topic.name) for topic in item.topics.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:feed_atom"
    subtitle = LatestArticlesFeed.description
