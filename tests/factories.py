"""Builders for test data: pass only what the test is about."""

import datetime
import itertools

from django.utils import timezone

from articles.models import Article, Source, Topic

_counter = itertools.count(1)


def make_topic(**overrides):
    n = next(_counter)
    fields = {"name": f"Topic {n}", "slug": f"topic-{n}", "description": "About things."}
    fields.update(overrides)
    return Topic.objects.create(**fields)


def make_article(topics=(), sources=0, **overrides):
    n = next(_counter)
    fields = {
        "title": f"Explainer number {n}",
        "slug": f"explainer-{n}",
        "summary": "A short summary.",
        "body": "## First\n\nSome text.\n\n## Second\n\nMore text.",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
    }
    fields.update(overrides)
    article = Article.objects.create(**fields)
    if topics:
        article.topics.set(topics)
    for i in range(sources):
        Source.objects.create(article=article, title=f"Source {i}", url="https://example.org/")
    return article


def guide_body(parts, sections=0):
    """Markdown of a long guide: `parts` parts (`# `, shown as second-level headings) of
    `sections` sections each, or as many second-level headings when there are no sections."""
    if not sections:
        return "\n\n".join(f"## Section {p}\n\nSome text." for p in range(1, parts + 1))
    return "\n\n".join(
        f"# Part {p}\n\nSome text.\n\n"
        + "\n\n".join(f"## Step {s} of part {p}\n\nMore text." for s in range(1, sections + 1))
        for p in range(1, parts + 1)
    )


def draft(**overrides):
    return make_article(status=Article.Status.DRAFT, **overrides)


def scheduled(**overrides):
    return make_article(published_at=timezone.now() + datetime.timedelta(days=2), **overrides)


def make_faq(topics=(), articles=(), **overrides):
    from faq.models import FaqEntry

    n = next(_counter)
    fields = {
        "question": f"Frequently asked question number {n}?",
        "slug": f"faq-{n}",
        "answer": "A **plain** answer.",
        "status": FaqEntry.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
    }
    fields.update(overrides)
    entry = FaqEntry.objects.create(**fields)
    if topics:
        entry.topics.set(topics)
    if articles:
        entry.related_articles.set(articles)
    return entry


def make_question(**overrides):
    from faq.models import SubmittedQuestion

    n = next(_counter)
    fields = {"question": f"What does reader question number {n} ask about?"}
    fields.update(overrides)
    return SubmittedQuestion.objects.create(**fields)
