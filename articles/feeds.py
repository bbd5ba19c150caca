import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from portal.params import without_control_chars

from .models import Article, Topic
from .views import redirect_if_moved


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

    # An id that outlives the address: with the link as id (Django's default), a changed slug
    # makes feed readers show the piece again as new.
    item_guid_is_permalink = False
    guid_kind = "article"

    def item_guid(self, item):
        host = urlsplit(settings.SITE_URL).hostname
        first = item.first_published_at or item.published_at
        return f"tag:{host},{first.astimezone(datetime.UTC):%Y-%m-%d}:{self.guid_kind}-{item.pk}"

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
        return item.last_changed

    def item_author_name(self, item):
        return without_control_chars(item.author_name) or None

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Django dates the feed by its newest item, which taking a piece down doesn't change:
        # a reader checking If-Modified-Since would keep the removed piece. The ETag
        # (ConditionalGetMiddleware) follows the content, removals included.
        response.headers.pop("Last-Modified", None)
        return response

    def item_categories(self, item):
        return [without_control_chars(topic.name) for topic in item.topics.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    url_name = "articles:feed_atom"
    subtitle = LatestArticlesFeed.description
    # Atom requires an author for each entry, or for the feed: a piece without a byline is the
    # newsroom's.
    author_name = settings.SITE_NAME


class TopicArticlesFeed(LatestArticlesFeed):
    """One topic's latest explainers: for a beat's newsletter, a partner site, a reader who
    follows one subject."""

    url_name = "articles:topic_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic):
        return f"{settings.SITE_NAME}: {without_control_chars(topic.name)}"

    def description(self, topic):
        return without_control_chars(topic.description) or self.title(topic)

    def link(self, topic):
        return settings.SITE_URL + topic.get_absolute_url()

    def feed_url(self, topic):
        return settings.SITE_URL + topic_feed_url(topic)

    def items(self, topic):
        return Article.objects.published().filter(topics=topic).prefetch_related("topics")[:30]


@require_safe
def topic_feed(request, slug):
    """A renamed topic's feed moves with it, as its page does: feed readers follow a permanent
    redirect."""
    if not Topic.objects.filter(slug=slug).exists():
        return redirect_if_moved(request, Topic.objects.all(), slug, url=topic_feed_url)
    return TopicArticlesFeed()(request, slug=slug)


def topic_feed_url(topic):
    return reverse("articles:topic_feed", args=[topic.slug])
