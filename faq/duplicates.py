"""FAQ entries that may duplicate a reader's question: decided once, for the "Answer and publish
as FAQ" form, its save, and a question's own page.

On a viral news day two moderators may each start an answer from their own copy of one
question. The site's search (faq/matching.py) sees only published entries, so a draft or a
scheduled entry is found here instead: one started from a question like this one (its copy
is answered, so closed, and no longer among the open questions alike.py compares), or one not
yet public whose own question is like this one, whatever question it started from.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

from portal.dates import zoned

from .alike import LinkedQuestions, alike_to
from .models import FaqEntry, SubmittedQuestion

# Entries named at most. A story's copies are answered by one or two entries; more would be a
# list nobody reads.
SHOWN = 3
# Not-yet-public entries whose own question is compared, the most recently changed first: a
# newsroom keeps tens of drafts, and this bounds a forgotten pile of them.
UNPUBLISHED_COMPARED = 500


def entries_maybe_duplicating(question, since=None, exclude=()):
    """Entries in any state, other than `exclude`, that may already answer `question`, the
    most recently changed first, each with `last_log` (its latest admin history line, or None).

    With `since` (when a form was opened), only those changed since, or linked since to a
    question like this one: what that form could not have named.
    """
    alike_ids = list(LinkedQuestions([question]).like(question))
    links = SubmittedQuestion.objects.filter(pk__in=alike_ids).values_list(
        "faq_entry_id", "updated_at"
    )
    # Linking a question to an entry saves the question, so its updated_at says when at latest.
    linked = {entry_id: at for entry_id, at in links}
    unpublished = (
        FaqEntry.objects.exclude(pk__in=FaqEntry.objects.published().values("pk"))
        .order_by("-updated_at")
        .values_list("pk", "question")[:UNPUBLISHED_COMPARED]
    )
    asks_the_same = alike_to(question.question)
    ids = {pk for pk, text in unpublished if asks_the_same(text)} | set(linked)
    entries = FaqEntry.objects.filter(pk__in=ids).exclude(pk__in=exclude)
    if since is not None:
        linked_since = [entry_id for entry_id, at in links if at >= since]
        entries = entries.filter(Q(updated_at__gte=since) | Q(pk__in=linked_since))
    entries = list(
        entries.annotate(last_log_id=Subquery(_last_log_ids()))
        .defer("answer", "answer_html")
        .order_by("-updated_at")[:SHOWN]
    )
    logs = LogEntry.objects.select_related("user").in_bulk([e.last_log_id for e in entries])
    for entry in entries:
        entry.last_log = logs.get(entry.last_log_id)
    return entries


def _last_log_ids():
    """The latest admin history line of the entry in the outer query: one subquery, not one
    query for each entry."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(FaqEntry),
            object_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-action_time", "-pk")
        .values("pk")[:1]
    )


def where_entry_stands(entry):
    """An entry's state in a few words, for a list in a sentence."""
    if entry.is_published:
        return gettext("published")
    if entry.is_scheduled:
        return gettext("scheduled for %(when)s") % {"when": zoned(entry.published_at)}
    return gettext("draft")


def changed_by(entry, user):
    """Who last changed `entry`, from the admin's history, or "" when it doesn't say (an
    entry made by a command, say)."""
    log = entry.last_log
    if log is None or log.user is None:
        return ""
    if log.user.pk == user.pk:
        name = gettext("you")
    else:
        name = log.user.get_full_name() or log.user.get_username()
    return gettext("last changed by %(name)s") % {"name": name}


def entry_links(entries, user):
    """ "“Title” (draft, last changed by ana)", joined: each linked to its change page."""
    return format_html_join(
        ", ",
        '<a href="{}">{}</a> ({})',
        (
            (
                reverse("admin:faq_faqentry_change", args=[entry.pk]),
                entry.question,
                ", ".join(filter(None, [where_entry_stands(entry), changed_by(entry, user)])),
            )
            for entry in entries
        ),
    )


def may_duplicate_warning(entries, user):
    """Before a second answer is written: the entries that may already be the first."""
    sentence = ngettext(
        "Another FAQ entry may already answer the same question: {}. Check it before writing "
        "a second one.",
        "Other FAQ entries may already answer the same question: {}. Check them before "
        "writing a second one.",
        len(entries),
    )
    return format_html(sentence, entry_links(entries, user))


def started_meanwhile_warning(entries, user):
    """After a save: the entries another moderator started or changed while this one wrote."""
    sentence = ngettext(
        "While you wrote this one, another FAQ entry that may answer the same question was "
        "started or changed: {}. Read both, then keep one and delete the other: its reader "
        "questions not emailed yet go back to the queue, to answer with the one kept.",
        "While you wrote this one, other FAQ entries that may answer the same question were "
        "started or changed: {}. Read them, then keep one and delete the others: their reader "
        "questions not emailed yet go back to the queue, to answer with the one kept.",
        len(entries),
    )
    return format_html(sentence, entry_links(entries, user))
