"""The newest FAQ answers as a feed: often the most shared answers, and the only place Spanish
ones appear in a feed. Dated, identified and cleaned as the explainers' feed is."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from articles.feeds import LatestArticlesFeed
from portal.params import without_control_chars

from .models import FaqEntry
from .views import absolute_links


class LatestAnswersFeed(LatestArticlesFeed):
    description = _("New answers to questions readers ask.")
    url_name = "faq:feed"
    guid_kind = "faq"

    def title(self):
        return _("%(site)s: FAQ answers") % {"site": settings.SITE_NAME}

    def link(self):
        return settings.SITE_URL + reverse("faq:list")

    def items(self):
        return (
            FaqEntry.objects.published()
            .order_by("-published_at", "-pk")
            .prefetch_related("topics")[:30]
        )

    def item_title(self, item):
        return without_control_chars(item.question)

    def item_description(self, item):
        # Sanitized HTML, as the page shows, with the site's own links made whole: many feed
        # readers and feed-to-email services don't resolve "/articles/…" against the item.
        return absolute_links(without_control_chars(item.answer_html))

    def item_author_name(self, item):
        return None


faq_feed = require_safe(LatestAnswersFeed())
