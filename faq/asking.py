"""Asking a question: check existing answers first (deflection), then send, then thanks.

Never cached: the form carries a CSRF token and a per-visit start time.
"""

import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles.models import Article
from portal.ratelimit import RateLimit, client_key

from . import emails
from .forms import AskForm
from .matching import similar_entries
from .models import SubmittedQuestion, fingerprint

DUPLICATE_WINDOW = datetime.timedelta(hours=24)
SUGGESTIONS_PER_HOUR = 240
_SLUG = re.compile(r"^[-\w]{1,200}$")


def about_article(slug):
    """The published article a question is about, or None for anything unknown or malformed."""
    if not slug or not _SLUG.match(slug):
        return None
    return Article.objects.published().only("title", "slug").filter(slug=slug).first()


def ask_limit(request):
    return RateLimit(request, "faq-ask", settings.FAQ_ASK_LIMIT, settings.FAQ_ASK_PERIOD)


def too_many_requests(request, form=None):
    response = render(
        request,
        "429.html",
        {"kept_text": form.data.get("question", "") if form is not None else ""},
        status=429,
    )
    response["Retry-After"] = str(settings.FAQ_ASK_PERIOD)
    return response


def is_duplicate(request, text):
    """The same question again: this client within the window (a double submit), or anyone
    within the window (the same text pasted from several places)."""
    digest = fingerprint(text)
    first_time_here = cache.add(
        f"faq-ask-seen:{client_key(request)}:{digest}", 1, DUPLICATE_WINDOW.total_seconds()
    )
    if not first_time_here:
        return True
    since = timezone.now() - DUPLICATE_WINDOW
    return SubmittedQuestion.objects.filter(fingerprint=digest, created_at__gte=since).exists()


@never_cache
def ask(request):
    source = request.POST if request.method == "POST" else request.GET
    article = about_article(source.get("article"))
    form, matches = AskForm(), []
    if request.method == "POST":
        limit = ask_limit(request)
        form = AskForm(request.POST)
        if limit.exceeded():
            return too_many_requests(request, form)
        if form.is_valid():
            text = form.cleaned_data["question"]
            if request.POST.get("action") != "send":
                matches = similar_entries(text)
            if not matches:
                if not limit.hit():
                    return too_many_requests(request, form)
                return _submit(request, form.cleaned_data, article)
    return render(
        request,
        "faq/ask.html",
        {
            "form": form,
            "article": article,
            "matches": matches,
            "checked": bool(matches),
            "retention_days": settings.FAQ_PERSONAL_DATA_DAYS,
        },
    )


def _submit(request, data, article):
    if is_duplicate(request, data["question"]):
        messages.info(
            request,
            _("We already have this question, so there was no need to send it again."),
        )
        return redirect("faq:thanks")
    with transaction.atomic():
        question = SubmittedQuestion.objects.create(
            question=data["question"], name=data["name"], email=data["email"], article=article
        )
        transaction.on_commit(lambda: emails.notify_moderators(question))
    return redirect("faq:thanks")


@never_cache
@require_POST
def suggestions(request):
    """The 'may already answer your question' list as an HTML fragment, for static/js/ask.js."""
    limit = RateLimit(request, "faq-suggest", SUGGESTIONS_PER_HOUR, 3600)
    text = request.POST.get("question", "")[:1000].replace("\x00", "")
    matches = similar_entries(text) if limit.hit() and len(text.strip()) >= 10 else []
    return render(request, "faq/ask.html#suggestions", {"matches": matches})


@never_cache
def thanks(request):
    return render(request, "faq/thanks.html", {"retention_days": settings.FAQ_PERSONAL_DATA_DAYS})
