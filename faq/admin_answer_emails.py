"""The answer emails to askers as the question admin (faq/admin_questions.py) sends them:
after a save that answers a question, from "Send pending answer emails", and after "Answer with
an existing FAQ entry…" (faq/admin_moves.py). Apart because they only send and say what became
of each email; who is due one, and the sending itself, are faq/emails.py's."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .emails import IN_REQUEST_LIMIT, mail_paused, notify_askers
from .models import SubmittedQuestion

State = SubmittedQuestion.State


class AnswerEmails:
    """SubmittedQuestionAdmin's answer emails to askers; BulkMoves (faq/admin_moves.py) uses
    report_emails too."""

    def email_answer(self, request, question):
        """After a save answering a question: email its asker, and say what became of it (the
        moderator otherwise can't tell an answer emailed from one still to go)."""
        questions = SubmittedQuestion.objects.filter(pk=question.pk)
        if notify_askers(questions):
            self.message_user(request, _("The answer email was sent to the asker."))
        elif questions.awaiting_notification().exists():
            self.message_user(
                request,
                _("The answer email isn't sent yet; the regular retry sends it."),
                messages.WARNING,
            )
        elif questions.answer_email_due().exists():
            self.message_user(
                request,
                _("The asker is emailed once “%(entry)s” is published.")
                % {"entry": question.faq_entry},
            )

    @admin.action(description=_("Send pending answer emails"), permissions=["moderate"])
    def send_notifications(self, request, queryset):
        if not queryset.filter(state=State.ANSWERED).exists():
            # The queue opens on the open questions, so "select all" there finds none to email.
            self.message_user(
                request,
                _(
                    "Answer emails go to the askers of answered questions, and none is "
                    "selected. Choose “Answered” or “All” under “By state”, or a choice under "
                    "“By answer email”, then select them."
                ),
                messages.WARNING,
            )
            return
        self.report_emails(request, queryset)

    def report_emails(self, request, queryset):
        """Send the answer emails due for these questions, as many as a request may, and say
        how many went and how many wait for the retry."""
        sent = notify_askers(queryset, limit=IN_REQUEST_LIMIT)
        self.message_user(
            request, ngettext("%(count)d email sent.", "%(count)d emails sent.", sent)
            % {"count": sent},
        )  # fmt: skip
        if mail_paused():
            self.message_user(
                request,
                _("The mail server isn't answering; the regular retry sends the emails later."),
                messages.WARNING,
            )
        if waiting := queryset.awaiting_notification().count():
            self.message_user(
                request,
                ngettext(
                    "%(count)d more is still to be sent; the regular retry sends it.",
                    "%(count)d more are still to be sent; the regular retry sends them.",
                    waiting,
                )
                % {"count": waiting},
                messages.WARNING,
            )
