"""Demo topics, articles and pages about the site for local use, read from portal/demo/
(written for this project)."""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from .models import Article, Page, Source, Topic

DEMO_DIR = Path(__file__).resolve().parent.parent / "portal" / "demo"


def parse_article(path):
    """A header of `key: value` lines, a `---` line, then the Markdown body."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    fields, sources = {}, []
    for line in header.splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "source":
            sources.append([part.strip() for part in value.split("|")])
        elif key:
            fields[key] = value
    return fields, sources, body.strip() + "\n"


def load_topics():
    created = 0
    for item in json.loads((DEMO_DIR / "topics.json").read_text(encoding="utf-8")):
        _, was_created = Topic.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item["description"]}
        )
        created += was_created
    return created


def load_articles():
    """Create the demo articles that don't exist yet; never touch existing ones."""
    created = 0
    now = timezone.now()
    for path in sorted((DEMO_DIR / "articles").glob("*.md")):
        slug = path.stem
        if Article.objects.filter(slug=slug).exists():
            continue
        fields, sources, body = parse_article(path)
        days_ago = int(fields.get("days_ago", "0"))
        reviewed = fields.get("reviewed_days_ago")
        is_draft = fields.get("status") == "draft"
        article = Article.objects.create(
            slug=slug,
            title=fields["title"],
            summary=fields["summary"],
            body=body,
            byline=fields.get("byline", ""),
            corrections=fields.get("correction", ""),
            featured=fields.get("featured") == "yes",
            status=Article.Status.DRAFT if is_draft else Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(days=days_ago),
            # The site's calendar day, as "Last reviewed" is checked against (not UTC's).
            last_reviewed=timezone.localdate(now) - datetime.timedelta(days=int(reviewed))
            if reviewed
            else None,
        )
        topic_slugs = [s.strip() for s in fields.get("topics", "").split(",") if s.strip()]
        article.topics.set(Topic.objects.filter(slug__in=topic_slugs))
        for order, parts in enumerate(sources):
            title, publisher, url, date = (parts + ["", "", "", ""])[:4]
            Source.objects.create(
                article=article, order=order, title=title, publisher=publisher, url=url,
                date=datetime.date.fromisoformat(date) if date else None,
            )  # fmt: skip
        # Its sources came with it, as in the admin's one save: not an update, which would
        # date every demo explainer "Updated" today, after its "Last reviewed" day.
        Article.objects.filter(pk=article.pk).update(content_updated_at=None)
        created += 1
    return created


def load_pages():
    """Create the demo pages about the site that don't exist yet; never touch existing ones."""
    created = 0
    for path in sorted((DEMO_DIR / "pages").glob("*.md")):
        if Page.objects.filter(slug=path.stem).exists():
            continue
        fields, _, body = parse_article(path)
        Page.objects.create(
            slug=path.stem,
            title=fields["title"],
            body=body,
            footer_order=int(fields.get("footer_order", "0")),
            status=Page.Status.PUBLISHED,
            published_at=timezone.now() - datetime.timedelta(days=30),
        )
        created += 1
    return created
