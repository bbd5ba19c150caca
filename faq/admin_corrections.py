"""An answer email sent with the wrong FAQ entry: the moderator sends the one now linked, in a
confirmed step, once, with words saying the earlier link was wrong (faq/emails.py)."""

import datetime

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .emails import send_corrected_answer
from .models import SubmittedQuestion


class CorrectedAnswers:
    """SubmittedQuestionAdmin's "Send the corrected answer…" field and page. Mixed in there
    only: it uses moderated_question (faq/admin_questions.py)."""

    @admin.display(description=_("answer email wrong?"))
    def corrected_answer(self, obj):
        return format_html(
            '<a class="button" href="{}">{}</a><div class="help">{}</div>',
            self.correction_url(obj),
            _("Send the corrected answer…"),
            _("If the email the asker got linked the wrong answer: it sends them this one."),
        )

    def correction_url(self, obj):
        return reverse("admin:faq_submittedquestion_correct_answer", args=[obj.pk])

    def get_urls(self):
        correct = self.admin_site.admin_view(self.correct_answer_view)
        return [
            path("<path:object_id>/correct-answer/", correct,
                 name="faq_submittedquestion_correct_answer"),
            *super().get_urls(),
        ]  # fmt: skip

    def correct_answer_view(self, request, object_id):
        """Send an asker emailed the wrong answer the entry now linked, after a confirmation
        showing to whom and what."""
        question = self.moderated_question(request, object_id)
        if question is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse("admin:faq_submittedquestion_change", args=[question.pk])
        if not SubmittedQuestion.objects.correctable().filter(pk=question.pk).exists():
            self.message_user(
                request,
                _(
                    "A corrected answer goes only to an asker already emailed an answer, whose "
                    "email we still hold, for a question answered by a published FAQ entry."
                ),
                messages.WARNING,
            )
            return redirect(change_url)
        if request.method == "POST":
            try:
                emailed_at = datetime.datetime.fromisoformat(request.POST.get("emailed_at", ""))
            except ValueError:
                emailed_at = None
            entry_id = request.POST.get("faq_entry", "")
            sent = send_corrected_answer(
                question, emailed_at, int(entry_id) if entry_id.isdigit() else None
            )
            if sent:
                LogEntry.objects.log_actions(
                    request.user.pk, [question], CHANGE, str(_("Corrected answer emailed."))
                )
                self.message_user(request, _("The corrected answer was emailed to the asker."))
            elif sent is None:
                self.message_user(
                    request,
                    _(
                        "The question changed after this page opened (the asker was emailed "
                        "again, its FAQ entry or email changed), so nothing more was sent."
                    ),
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    _("The mail server didn't take the email, so nothing was sent. Try later."),
                    messages.ERROR,
                )
            return redirect(change_url)
        return TemplateResponse(
            request,
            "admin/faq/submittedquestion/correct_answer.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Send the corrected answer"),
                "opts": self.opts,
                "media": self.media,
                "question": question,
                "entry_url": question.faq_entry.get_absolute_url(),
                "change_url": change_url,
            },
        )
