"""The admin's add and change forms for articles, FAQ entries and pages about the site, filled
in as an editor would post them. Tests pass only the fields they are about."""

import datetime

from django.utils import timezone

ADD_ARTICLE = "/admin/articles/article/add/"
ADD_ENTRY = "/admin/faq/faqentry/add/"
ADD_PAGE = "/admin/articles/page/add/"


def article_form(**overrides):
    fields = {
        "title": "Who runs the jail?",
        "slug": "who-runs-the-jail",
        "summary": "County sheriffs usually do.",
        "body": "The sheriff.",
        "status": "published",
        "published_at_0": "2020-01-01",
        "published_at_1": "10:00:00",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }
    return seen_as_typed(fields | overrides)


def entry_form(**overrides):
    fields = {
        "question": "Who runs the jail?",
        "slug": "who-runs-the-jail",
        "answer": "The sheriff.",
        "status": "published",
        "published_at_0": "2020-01-01",
        "published_at_1": "10:00:00",
        "order": "0",
        "language": "en",
    }
    return seen_as_typed(fields | overrides)


def page_form(**overrides):
    fields = {
        "title": "About us",
        "slug": "about",
        "body": "## Who we are\n\nA newsroom.",
        "status": "published",
        "published_at_0": "2020-01-01",
        "published_at_1": "10:00:00",
        "in_footer": "on",
        "footer_order": "0",
    }
    return seen_as_typed(fields | overrides)


def seen_as_typed(fields):
    """The form as saved again after being told its publish time, typed, is long past: that
    date, knowingly (articles/admin_publishing.py). Not for a time left as the form showed it
    (given as "initial-…"), which the admin dates now instead."""
    shown = [fields.get(f"initial-published_at_{n}") for n in (0, 1)]
    if shown == [fields["published_at_0"], fields["published_at_1"]]:
        return fields
    try:
        typed = datetime.datetime.fromisoformat(
            f"{fields['published_at_0']}T{fields['published_at_1']}"
        )
        seen = timezone.make_aware(typed).isoformat()
    except (ValueError, OverflowError):
        seen = ""
    return {"past_publish_time_seen": seen} | fields
