"""Builders and readers shared by the search tests."""

import datetime
import itertools
import re

from django.utils import timezone

_counter = itertools.count(1)


def make_faq(topics=(), **overrides):
    from faq.models import FaqEntry

    n = next(_counter)
    fields = {
        "question": f"Question number {n}?",
        "slug": f"question-{n}",
        "answer": "A short answer.",
        "status": FaqEntry.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
    }
    fields.update(overrides)
    entry = FaqEntry.objects.create(**fields)
    if topics:
        entry.topics.set(topics)
    return entry


def result_titles(response):
    """Result titles in page order, marks removed."""
    html = response.content.decode()
    titles = re.findall(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a></h2>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response
