"""Asking a question: check existing answers first (deflection), then send, then thanks.

Never cached: the form carries a CSRF token and a per-visit start time.
"""

import datetime
import hashlib
import math
import time

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.models import Article
from portal.middleware import DATABASE_ERRORS
from portal.models import looks_personal
from portal.params import slug_param, text_param
from portal.ratelimit import RateLimit, attempt
from portal.search.query import written_in_spanish

from . import emails
from .forms import (
    QUESTION_MAX_CHARS,
    QUESTION_MIN_CHARS,
    STARTED,
    AskForm,
    seconds_since_start,
)
from .matching import similar_entries, similar_explainers
from .models import SubmittedQuestion, fingerprint

DUPLICATE_WINDOW = datetime.timedelta(hours=24)
# How long the "already sent" marker holds before the question is stored: long enough to catch
# a double click, short enough that a worker killed mid-save doesn't block a retry for long.
SENDING_SECONDS = 60
# The marker's values besides a question's id.
SENDING = "sending"
NO_COPY = "none"  # this form's try was a duplicate of someone else's copy
# How long a repeat waits for the first copy to be stored: far longer than a save takes, short
# enough for a worker to wait (the database busy behind a bulk action, say).
SETTLE_SECONDS = 3
SUGGESTIONS_PER_HOUR = 240


def about_article(params):
    """The published article a question is about, or None for anything unknown or malformed."""
    if not (slug := slug_param(params, "article")):
        return None
    articles = Article.objects.published().only("title", "slug")
    # A form opened before an editor renamed the explainer still names its old slug.
    return articles.filter(slug=slug).first() or articles.moved_from(slug)


def ask_limit(request):
    return RateLimit(request, "faq-ask", settings.FAQ_ASK_LIMIT, settings.FAQ_ASK_PERIOD)


def suggestions_limit(request):
    return RateLimit(request, "faq-suggest", SUGGESTIONS_PER_HOUR, 3600)


def too_many_requests(request, limit, form):
    minutes = math.ceil(limit.retry_after / 60)
    context = {
        "kept_text": form.data.get("question", ""),
        # "1,380 minutes" is hard to read at a glance: past an hour and a half, say hours.
        "retry_minutes": minutes if minutes <= 90 else None,
        "retry_hours": math.ceil(minutes / 60),
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(limit.retry_after)
    return response


def recently_asked(text):
    since = timezone.now() - DUPLICATE_WINDOW
    return SubmittedQuestion.objects.filter(fingerprint=fingerprint(text), created_at__gte=since)


def seen_key(request, text):
    """The duplicate marker of this question sent from this form (one page load, told by its
    signed start time): a double click, or the page sent again with an email added. Not per
    network address: readers behind one (a library's Wi-Fi, a phone carrier) must never join,
    or be told of, each other's questions."""
    form = hashlib.sha256(request.POST.get(STARTED, "").encode()).hexdigest()[:32]
    return f"faq-ask-seen:{form}:{fingerprint(text)}"


def add_email_to_earlier(data, earlier_id):
    """A repeat that now carries an email gives it to the copy this form stored, if that has
    none, so the asker hears back. Only this form's: someone else who knows the words can't
    take over another reader's question and its answer email. False when there is no such
    copy, or it has another email (say, a corrected address): the repeat is then kept as a
    question of its own, so that address hears back too."""
    recent = recently_asked(data["question"])
    if recent.filter(email__iexact=data["email"]).exists():
        return True
    earlier = recent.filter(pk=earlier_id, email="").first()
    if earlier is None:
        return False
    earlier.email = data["email"]
    earlier.name = earlier.name or data["name"]
    earlier.save(update_fields=["email", "name"])
    return True


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ask(request):
    source = request.POST if request.method == "POST" else request.GET
    article = about_article(source)
    # "Ask us this question" on a search that found nothing brings the reader's words along.
    prefill = text_param(request.GET, "q", QUESTION_MAX_CHARS)
    # With the time the search page was shown, when still valid: the reader's words were typed
    # there, so the speed check counts from then.
    started = request.GET.get(STARTED)
    started = started if seconds_since_start(started) is not None else None
    initial = {"question": prefill, STARTED: started}
    form, matches, explainers = AskForm(initial=initial), [], []
    personal = False
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["question"]
            # "check" (the first press), "seen" (static/js/ask.js showed the answers that
            # may help as the reader typed) or "send" (pressed again: send it as it is).
            action = request.POST.get("action")
            # Questions may be published: an A-number or a phone typed in a hurry is pointed
            # out before it is stored (the reader may still send it: "a 2019 arrest").
            personal = action != "send" and looks_personal(text)
            # Looking through our answers stores nothing, so it uses the live suggestions'
            # allowance, not the questions': readers behind an address that has sent its
            # questions for the hour (a carrier's, a library's) can still find an answer.
            if action not in {"send", "seen"} and suggestions_limit(request).hit():
                matches, explainers = similar_entries(text), similar_explainers(text)
            if not (matches or explainers or personal):
                limit = ask_limit(request)
                if not limit.hit():
                    return too_many_requests(request, limit, form)
                try:
                    return _submit(request, form.cleaned_data, article)
                except DATABASE_ERRORS:
                    limit.give_back()  # nothing was stored: the 503 page says to send again
                    raise
    # What the page says around a question typed in Spanish (or brought from a Spanish
    # search), said in Spanish too, as the thank-you page decides.
    in_spanish = written_in_spanish(form["question"].value() or "")
    return render(
        request,
        "faq/ask.html",
        {
            "form": form,
            "article": article,
            "matches": matches,
            "explainers": explainers,
            "checked": bool(matches or explainers or personal),
            "personal": personal,
            "question_in_spanish": in_spanish,
            **retention_days(),
        },
    )


def _submit(request, data, article):
    """Store the question once. The same text again is a duplicate: from this form within the
    window (a double submit), or from anyone within the window when the asker left no email to
    be told of the answer (the same text pasted from several places)."""
    marker_key = seen_key(request, data["question"])
    try:
        # The marker holds SENDING while the first copy is being stored, then the id of the
        # question this form stored, or NO_COPY (someone else's duplicate).
        first_time_here = attempt("add", marker_key, SENDING, SENDING_SECONDS, default=True)
        stored_here = None if first_time_here else first_copy(marker_key)
        if not first_time_here and stored_here is None:
            # The first copy failed (its reader got an error page, but a double click shows
            # this answer) or is still being stored: better a second copy than none.
            attempt("set", marker_key, SENDING, SENDING_SECONDS)
            first_time_here = True
        duplicate = not first_time_here or (
            not data["email"] and recently_asked(data["question"]).exists()
        )
        if duplicate and data["email"]:
            duplicate = add_email_to_earlier(data, stored_here or 0)
        if not duplicate:
            question = store(data, article)
            # Before the moderators' alert, which can take the mail server's whole timeout:
            # a repeat waiting for this copy must learn of it first.
            attempt("set", marker_key, question.pk, DUPLICATE_WINDOW.total_seconds())
    except Exception:
        # Nothing stored (the database is away, say): forget the marker, so that sending
        # again after the error page works, and a repeat waiting for this one stores its own.
        attempt("delete", marker_key)
        raise
    if duplicate and data["email"]:  # the earlier copy has this email now
        messages.info(
            request,
            _(
                "You sent us this question recently, so we kept one copy. We will email you "
                "if we publish an answer."
            ),
        )
    elif duplicate and not first_time_here:
        messages.info(request, _("You sent us this question recently, so we kept one copy."))
    if not duplicate:
        emails.notify_moderators(question)
    elif first_time_here:  # someone else's copy: settled, nothing stored here
        attempt("set", marker_key, NO_COPY, SENDING_SECONDS)
    if written_in_spanish(data["question"]):  # what happens next, said in Spanish first
        return redirect(reverse("faq:thanks") + "?lang=es")
    return redirect("faq:thanks")


def first_copy(marker_key):
    """What the first try of this question from this form stored: its id, 0 for none (a
    duplicate), or None when it failed or is still going after SETTLE_SECONDS. A repeat (a
    double click) waits for it, since its reader sees the repeat's answer: it mustn't say "we
    kept one copy" of a copy whose storing then fails."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while (marker := attempt("get", marker_key)) == SENDING and time.monotonic() < deadline:
        time.sleep(0.05)
    if marker == NO_COPY:
        return 0
    return marker if isinstance(marker, int) and marker > 0 else None


def store(data, article):
    """Save the question (committed when this returns: requests aren't one transaction)."""
    try:
        with transaction.atomic():
            question = SubmittedQuestion.objects.create(
                question=data["question"],
                name=data["name"],
                email=data["email"],
                article=article,
            )
    except IntegrityError:
        if article is None:
            raise
        # An editor deleted the explainer as the reader sent this, so the link to it fails its
        # check (at commit on SQLite, at insert or commit on PostgreSQL). It was only context
        # for the moderators: keep the question without it. Anything else fails again here.
        return store(data, None)
    return question


@never_cache
@require_POST
def suggestions(request):
    """The 'may already answer your question' list as an HTML fragment, for static/js/ask.js."""
    text = text_param(request.POST, "question", QUESTION_MAX_CHARS)
    context = {"matches": [], "explainers": []}
    if suggestions_limit(request).hit() and len(text) >= QUESTION_MIN_CHARS:
        context = {"matches": similar_entries(text), "explainers": similar_explainers(text)}
    return render(request, "faq/ask.html#suggestions", context)


@never_cache
@require_safe
def thanks(request):
    context = {**retention_days(), "in_spanish": request.GET.get("lang") == "es"}
    return render(request, "faq/thanks.html", context)


def retention_days():
    """What the ask form and the thank-you page promise about askers' names and emails."""
    return {
        "retention_days": settings.FAQ_PERSONAL_DATA_DAYS,
        "open_question_days": settings.FAQ_OPEN_QUESTION_DAYS,
    }
