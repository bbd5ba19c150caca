"""Reading the FAQ: the list grouped by topic, one entry's page, and a staff-only preview."""

import re

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.views import redirect_if_moved
from portal.permissions import can_preview

from .models import FaqEntry


def public_entries():
    return FaqEntry.objects.published().prefetch_related("topics").defer("answer")


def group_by_topic(entries):
    """[{"topic", "entries": [(entry, is_first_appearance)]}] by topic name; untopical last.

    An entry under several topics opens in place under each, so every topic's list is whole;
    only its first appearance carries the `id` anchor, so /faq/#<slug> has exactly one target.
    """
    groups, untopical = {}, []
    for entry in entries:
        topics = list(entry.topics.all())
        if not topics:
            untopical.append(entry)
        for topic in topics:
            groups.setdefault(topic.pk, (topic, []))[1].append(entry)
    ordered = sorted(groups.values(), key=lambda group: group[0].name.casefold())
    if untopical:
        ordered.append((None, untopical))
    seen, result = set(), []
    for topic, members in ordered:
        rows = []
        for entry in members:
            rows.append((entry, entry.pk not in seen))
            seen.add(entry.pk)
        result.append({"topic": topic, "entries": rows})
    return result


def absolute_links(answer_html):
    """Links and images to the site's own pages with the site's address: structured data and
    feeds are read without the page around it, so "/articles/…" would lead nowhere. A srcset's
    addresses too: a feed reader loads those first."""
    site = settings.SITE_URL
    answer_html = re.sub(r'(\s(?:href|src)=")/(?!/)', rf"\1{site}/", answer_html)
    return re.sub(
        r'\ssrcset="[^"]*"',
        lambda srcset: re.sub(r'(["\s])/(?!/)', rf"\1{site}/", srcset[0]),
        answer_html,
    )


def faq_json_ld(entries):
    """schema.org FAQPage: each entry once, with its sanitized answer."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": entry.question,
                "url": settings.SITE_URL + entry.get_absolute_url(),
                "inLanguage": entry.language,
                "acceptedAnswer": {"@type": "Answer", "text": absolute_links(entry.answer_html)},
            }
            for entry in entries
        ],
    }


@require_safe
def faq_list(request):
    entries = list(public_entries())
    in_spanish = [entry for entry in entries if entry.language == FaqEntry.Language.SPANISH]
    return render(
        request,
        "faq/faq_list.html",
        {
            "groups": group_by_topic(entries),
            "in_spanish": in_spanish,
            "faq_ld": faq_json_ld(entries),
        },
    )


def _detail_prefetches():
    """What an entry's page shows besides the entry: its topics and public explainers."""
    public = Article.objects.published().defer("body", "body_html")
    return ["topics", Prefetch("related_articles", queryset=public, to_attr="public_articles")]


def detail_context(entry):
    # The whole page (<html lang>, so its title and description too) is in the entry's language.
    return {"entry": entry, "faq_ld": faq_json_ld([entry]), "page_lang": entry.language}


@require_safe
def faq_detail(request, slug):
    entries = FaqEntry.objects.published().prefetch_related(*_detail_prefetches())
    entry = entries.filter(slug=slug).first()
    if entry is None:
        return redirect_if_moved(request, FaqEntry.objects.published(), slug)
    return render(request, "faq/faq_detail.html", detail_context(entry))


@never_cache
@require_safe
def faq_preview(request, slug):
    """Staff who may see FAQ entries in the admin see drafts and scheduled ones; everyone
    else gets 404."""
    if not can_preview(request.user, FaqEntry):
        raise Http404
    return render_preview(request, get_object_or_404(FaqEntry, slug=slug))


def render_preview(request, entry, shared=False):
    """The page as readers will see it, under a banner saying they can't yet (`shared`: opened
    from a link an editor gave, portal/shared_preview.py)."""
    prefetch_related_objects([entry], *_detail_prefetches())
    context = detail_context(entry) | {"preview": True, "shared": shared}
    return render(request, "faq/faq_detail.html", context)
