"""Demo FAQ entries and reader questions, read from portal/demo/ (written for this project).

Idempotent: entries are keyed by slug and questions by their text, so a second run adds nothing.
Run after the article demo loader: entries link to demo articles and topics by slug.
"""

import datetime
import json
from pathlib import Path

from django.utils import timezone

from articles.models import Article, Topic

from .models import FaqEntry, SubmittedQuestion, fingerprint

DEMO_DIR = Path(__file__).resolve().parent.parent / "portal" / "demo"


def _read(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def load_entries():
    created = 0
    for order, item in enumerate(_read("faq.json"), start=1):
        if FaqEntry.objects.filter(slug=item["slug"]).exists():
            continue
        entry = FaqEntry.objects.create(
            slug=item["slug"],
            question=item["question"],
            answer=item["answer"],
            order=item.get("order", order),
            status=item.get("status", FaqEntry.Status.PUBLISHED),
            language=item.get("language", FaqEntry.Language.ENGLISH),
            published_at=timezone.now() - datetime.timedelta(days=7),
        )
        entry.topics.set(Topic.objects.filter(slug__in=item.get("topics", [])))
        entry.related_articles.set(Article.objects.filter(slug__in=item.get("articles", [])))
        created += 1
    return created


def load_questions():
    """Reader questions in each state; the answered one points at an FAQ entry for its article."""
    created = 0
    now = timezone.now()
    for item in _read("questions.json"):
        if SubmittedQuestion.objects.filter(fingerprint=fingerprint(item["question"])).exists():
            continue
        received = now - datetime.timedelta(days=item["days_ago"])
        article = Article.objects.filter(slug=item["article"]).first() if item["article"] else None
        question = SubmittedQuestion(
            question=item["question"],
            name=item["name"],
            email=item["email"],
            article=article,
            state=item["state"],
            created_at=received,
        )
        if question.is_closed:
            question.closed_at = received + datetime.timedelta(days=1)
        if question.state == SubmittedQuestion.State.ANSWERED and article is not None:
            question.faq_entry = article.faq_entries.published().first()
            # Demo addresses are fictional: don't queue an email for them.
            question.notified_at = question.closed_at
        question.save()
        created += 1
    return created


def load():
    return {"FAQ entries": load_entries(), "reader questions": load_questions()}
