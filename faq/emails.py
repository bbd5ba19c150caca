"""Emails about reader questions. Sending never fails a request: errors are logged, and a
question whose asker wasn't told keeps an empty `notified_at` (it is set only once the email
has gone), so `send_answer_notifications` (run from cron, or the admin action) tries again.

Log lines name the question's id, never an email address or what the reader wrote.
"""

import datetime
import logging
import smtplib
from email.utils import make_msgid, parseaddr
from time import monotonic

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import punycode

from portal.search.query import written_in_spanish

from .models import FaqEntry, SubmittedQuestion

logger = logging.getLogger(__name__)


# After the mail server fails to answer (refused, or silent for the whole SMTP timeout), this
# process leaves it alone for a minute. With sync workers every reader's question would
# otherwise hold a worker for the timeout, and a few at once stall the whole site. What is
# skipped: answer emails, sent by the retry command; moderators' alerts, logged as not sent.
MAIL_PAUSE_SECONDS = 60
_mail_paused_until = 0.0


class MailPaused(OSError):
    """Not tried: the mail server failed moments ago."""


def mail_paused():
    return monotonic() < _mail_paused_until


def _send(template, context, recipients):
    global _mail_paused_until
    if mail_paused():
        raise MailPaused("the mail server failed within the last minute; not tried")
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"faq/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"faq/emails/{template}.txt", context)
    message = EmailMessage(subject, body, to=recipients, headers={"Message-ID": _message_id()})
    try:
        message.send()
    except Exception as error:
        if mail_server_failing(error):
            _mail_paused_until = monotonic() + MAIL_PAUSE_SECONDS
        raise


def _message_id():
    """A Message-ID at the sender's domain (DEFAULT_FROM_EMAIL). Django's names the machine,
    often "localhost" on a server, which spam filters count against a message."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.partition("@")[2] if "@" in address else ""
    return make_msgid(domain=punycode(domain) if domain else str(DNS_NAME))


# A sender killed mid-send (gunicorn's worker timeout, a deploy) can't release its claim;
# after this long another run takes the question over. Far above the SMTP timeout (10 s), so
# a live sender's question is never taken from it.
CLAIM_LEASE = datetime.timedelta(minutes=15)


# How many answer emails a staff member's request sends while its page waits: each can take
# seconds even when the mail server works, and gunicorn ends a request after 30 s. The retry
# command (cron, every 15 minutes) sends the rest.
IN_REQUEST_LIMIT = 5


def notify_askers(questions=None, limit=None):
    """Email askers whose question is answered by a published FAQ entry; returns how many.

    `questions` (a SubmittedQuestion queryset) narrows it down; by default, all pending.
    `limit` caps how many are tried in this run (IN_REQUEST_LIMIT inside a request).
    """
    if mail_paused():
        logger.warning("Answer emails not tried: the mail server failed within the last minute.")
        return 0
    pending = SubmittedQuestion.objects.awaiting_notification()
    if questions is not None:
        pending = pending.filter(pk__in=questions.values("pk"))
    sent = 0
    due = list(pending.values_list("pk", flat=True)[:limit])
    for done, pk in enumerate(due, start=1):
        try:
            if _notify_asker(pk):
                sent += 1
        except Exception as error:
            if not mail_server_failing(error):  # about this email only: go on with the others
                logger.warning(
                    "Answer email for reader question %s failed (%s); it will be retried.",
                    pk,
                    type(error).__name__,
                )
                continue
            # Each try can take the whole SMTP timeout: inside an admin save, a few more would
            # run past gunicorn's worker timeout. The retry command sends the rest.
            logger.warning(
                "Answer email for reader question %s failed (%s); it will be retried. "
                "Stopped this run with %d sent and %d not tried.",
                pk,
                type(error).__name__,
                sent,
                len(due) - done,
            )
            break
    return sent


def mail_server_failing(error):
    """A connection that fails or hangs, not the server's answer about one email (a refused
    address, rejected content), which must not hold up the emails behind it."""
    about_one_email = (
        smtplib.SMTPRecipientsRefused,
        smtplib.SMTPSenderRefused,
        smtplib.SMTPDataError,
    )
    return isinstance(error, OSError) and not isinstance(error, about_one_email)


def _notify_asker(pk):
    """Email one asker if the answer email is still due and no other run is sending it."""
    now = timezone.now()
    due = SubmittedQuestion.objects.awaiting_notification().filter(pk=pk)
    unclaimed = Q(answer_email_claimed_at__isnull=True) | Q(
        answer_email_claimed_at__lt=now - CLAIM_LEASE
    )
    # Each send can take seconds, so by now the entry may be deleted or unpublished, or the
    # email removed: the claim checks the question is still due, and the email is written
    # from the row as it is after the claim.
    if not due.filter(unclaimed).update(answer_email_claimed_at=now):
        return False
    try:
        question = due.select_related("faq_entry").first()
        if question is None:
            return False
        _send("answered", _answer_context(question), [question.email])
        # "Sent" only once it has gone. If its entry was deleted during this send, the
        # question was reopened: it stays unsent, so the answer it gets later is emailed.
        SubmittedQuestion.objects.filter(pk=pk, faq_entry=question.faq_entry_id).update(
            notified_at=timezone.now()
        )
        return True
    finally:
        # Also on SystemExit (gunicorn aborting a worker), so the next run sends it at once.
        # Killed after the send but before notified_at is saved, the asker is emailed twice:
        # at least once beats never.
        SubmittedQuestion.objects.filter(pk=pk, answer_email_claimed_at=now).update(
            answer_email_claimed_at=None
        )


def _answer_context(question):
    return {
        "entry": question.faq_entry,
        "url": settings.SITE_URL + question.faq_entry.get_absolute_url(),
        "site_name": settings.SITE_NAME,
        "retention_days": settings.FAQ_PERSONAL_DATA_DAYS,
        "asked": timezone.localdate(question.created_at),  # by the site's calendar
        # Asked in Spanish: the email says it in Spanish first. Each part names the
        # answer's language where its reader might expect the other one.
        "in_spanish": written_in_spanish(question.question),
        "answer_in_spanish": question.faq_entry.language == FaqEntry.Language.SPANISH,
    }


def send_corrected_answer(question, emailed_at, entry_id):
    """Email an asker already sent an answer the link to the entry now answering their
    question, saying the earlier link was wrong: True if it went, False if the mail server
    didn't take it, None if the question changed since the moderator's page showed it (an
    email sent since `emailed_at`: a second click, or a second moderator; another entry than
    `entry_id`; the email removed), so nothing is sent. Sent while the moderator waits and
    never retried: they are told at once if it didn't go, and the ordinary retry would send
    the first email's words ("the only email we send")."""
    rows = SubmittedQuestion.objects.filter(pk=question.pk)
    shown = rows.filter(notified_at=emailed_at, faq_entry=entry_id).exclude(email="")
    if not shown.update(notified_at=timezone.now()):
        return None
    question = rows.select_related("faq_entry").get()  # as claimed
    try:
        _send("answered", {**_answer_context(question), "correction": True}, [question.email])
    except Exception as error:
        logger.warning(
            "Corrected answer email for reader question %s failed (%s).",
            question.pk,
            type(error).__name__,
        )
        rows.update(notified_at=emailed_at)  # not sent: the moderator may try again
        return False
    return True


def send_to_newsroom(questions):
    """Email the words of these questions (a correction, a tip) to FAQ_NEWSROOM_EMAILS: never
    their askers' names or emails, which the ask form promises only moderators see. Whether it
    went."""
    context = {"questions": questions, "site_name": settings.SITE_NAME}
    try:
        _send("for_the_newsroom", context, settings.FAQ_NEWSROOM_EMAILS)
    except Exception as error:
        logger.warning("Email to the newsroom failed (%s).", type(error).__name__)
        return False
    return True


def notify_moderators(question):
    """Tell the moderators' addresses (settings.FAQ_MODERATOR_EMAILS) a question arrived."""
    if not settings.FAQ_MODERATOR_EMAILS:
        return False
    # Only a link: the question itself stays in the admin, behind a login.
    context = {
        "url": settings.SITE_URL
        + reverse("admin:faq_submittedquestion_change", args=[question.pk]),
        "queue_url": settings.SITE_URL
        + reverse("admin:faq_submittedquestion_changelist")
        + "?state__exact=new",
        "site_name": settings.SITE_NAME,
    }
    try:
        _send("new_question", context, settings.FAQ_MODERATOR_EMAILS)
    except Exception as error:
        logger.warning(
            "New-question email for reader question %s failed (%s).",
            question.pk,
            type(error).__name__,
        )
        return False
    return True
