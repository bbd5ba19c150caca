"""Emails about reader questions. Sending never fails a request: errors are logged, and a
question whose asker wasn't told keeps an empty `notified_at`, so `send_answer_notifications`
(run from cron, or the admin action) tries again.

Log lines name the question's id, never an email address or what the reader wrote.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import SubmittedQuestion

logger = logging.getLogger(__name__)


def _send(template, context, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"faq/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"faq/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def notify_askers(questions=None):
    """Email askers whose question is answered by a published FAQ entry; returns how many.

    `questions` (a SubmittedQuestion queryset) narrows it down; by default, all pending.
    """
    pending = SubmittedQuestion.objects.awaiting_notification()
    if questions is not None:
        pending = pending.filter(pk__in=questions.values("pk"))
    sent = 0
    for pk in list(pending.values_list("pk", flat=True)):
        # Claim the question first so two runs at once can't both send. Each send can take
        # seconds, so by now its entry may be deleted or unpublished, or its email removed:
        # the claim checks it is still due, and the email is written from the row as it is now.
        claimed = (
            SubmittedQuestion.objects.awaiting_notification()
            .filter(pk=pk)
            .update(notified_at=timezone.now())
        )
        if not claimed:
            continue
        question = SubmittedQuestion.objects.select_related("faq_entry").get(pk=pk)
        context = {
            "name": question.name,
            "entry": question.faq_entry,
            "url": settings.SITE_URL + question.faq_entry.get_absolute_url(),
            "site_name": settings.SITE_NAME,
            "retention_days": settings.FAQ_PERSONAL_DATA_DAYS,
        }
        try:
            _send("answered", context, [question.email])
        except Exception as error:  # any mail failure: keep going, retry later
            SubmittedQuestion.objects.filter(pk=question.pk).update(notified_at=None)
            logger.warning(
                "Answer email for reader question %s failed (%s); it will be retried.",
                question.pk,
                type(error).__name__,
            )
        else:
            sent += 1
    return sent


def notify_moderators(question):
    """Tell the moderators' addresses (settings.FAQ_MODERATOR_EMAILS) a question arrived."""
    if not settings.FAQ_MODERATOR_EMAILS:
        return False
    # Only a link: the question itself stays in the admin, behind a login.
    context = {
        "url": settings.SITE_URL
        + reverse("admin:faq_submittedquestion_change", args=[question.pk]),
        "queue_url": settings.SITE_URL + reverse("admin:faq_submittedquestion_changelist"),
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
