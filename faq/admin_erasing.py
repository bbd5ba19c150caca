"""What moderators do to reader questions at their askers' request, or by mistake: remove a
name and email, delete a question, or take personal details out of its text. Each shows first
which question it touches; what an asker asked for, and a text's edit, go into the record of
erasures (faq/erasures.py), which a restore from a backup can't undo, so a slip of another kind
can still be brought back from one."""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import erasures
from .alike import meanings
from .forms import QuestionField
from .models import QUESTION_MAX_CHARS, SubmittedQuestion, fingerprint

# The delete confirmation asks why (delete_reason.html). Only a deletion at the asker's request
# goes into the record of erasures, which deletes it again after a restore from a backup: one
# made by mistake, or for another reason, can still be brought back from a backup.
DELETE_REASON = "delete_reason"
AT_ASKERS_REQUEST, OTHER_REASON = "asker", "other"


class QuestionTextForm(forms.Form):
    # As the ask form reads it: line breaks as "\n" and counted once (a browser sends two
    # characters), so a text near the limit can be saved shorter, and one sent back unchanged
    # is unchanged.
    question = QuestionField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_chars=QUESTION_MAX_CHARS,
        help_text=_(
            "Replace names, addresses, phone or case numbers and the like, e.g. with "
            "“[removed]”. Keep the question, so it can still be answered."
        ),
    )
    # The text's hash as the page showed it: a save over another moderator's edit is refused.
    shown = forms.CharField(widget=forms.HiddenInput)


class ErasingActions:
    """SubmittedQuestionAdmin's "Remove name and email…" action, its deletions, and "Take
    personal details out of the text…". Mixed in there only: its pages use
    BulkMoves.action_page_context (faq/admin_moves.py) and moderated_question."""

    @admin.display(description=_("personal details in its words"))
    def edit_text(self, obj):
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:faq_submittedquestion_edit_text", args=[obj.pk]),
            _("Take personal details out of the text…"),
        )

    def get_urls(self):
        edit = self.admin_site.admin_view(self.edit_text_view)
        return [
            path("<path:object_id>/edit-text/", edit, name="faq_submittedquestion_edit_text"),
            *super().get_urls(),
        ]

    def edit_text_view(self, request, object_id):
        """A reader wrote a phone number, a case number or a child's school into the question:
        the moderator takes it out and keeps the question to answer. The earlier text isn't kept
        in the database (not in the history); the record of erasures holds a hash of the new
        text, so that reapply_erasures clears the text should a restore bring the earlier one
        back."""
        question = self.moderated_question(request, object_id)
        if question is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse("admin:faq_submittedquestion_change", args=[question.pk])
        shown = erasures.text_hash(question.question)
        form = QuestionTextForm(request.POST or None, initial={"question": question.question})
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["question"]
            if form.cleaned_data["shown"] == shown and text == question.question:
                self.message_user(request, _("The text is unchanged."), messages.WARNING)
                return redirect(change_url)
            # Written only over the text this page showed, checked by the UPDATE itself: two
            # moderators saving at once can't put back what the other took out.
            saved = form.cleaned_data["shown"] == shown and self.replace_text(question, text)
            if saved:
                LogEntry.objects.log_actions(
                    request.user.pk,
                    [question],
                    CHANGE,
                    str(_("Personal details taken out of the text.")),
                )
                self.say_text_edited(request, question)
                return redirect(change_url)
            self.message_user(
                request,
                _("Another moderator changed this text meanwhile. Here it is as it is now."),
                messages.WARNING,
            )
            try:
                question.refresh_from_db(fields=["question"])
            except SubmittedQuestion.DoesNotExist:  # deleted meanwhile
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
            form = None
        if form is None or not form.is_bound:
            shown = erasures.text_hash(question.question)
            form = QuestionTextForm(initial={"question": question.question, "shown": shown})
        return TemplateResponse(
            request,
            "admin/faq/submittedquestion/edit_text.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Take personal details out of the text"),
                "opts": self.opts,
                "media": self.media,
                "question": question,
                "form": form,
                "change_url": change_url,
            },
        )

    @staticmethod
    def replace_text(question, text):
        """Write `text` over the question's, if its text is still as read; whether it was."""
        rows = SubmittedQuestion.objects.filter(pk=question.pk, question=question.question)
        if not rows.update(question=text, fingerprint=fingerprint(text), updated_at=timezone.now()):
            return False
        question.question = text
        # The suggestions' per-process cache is keyed by a question's words: this worker
        # forgets the earlier ones now, others when they restart or it fills.
        meanings.cache_clear()
        return True

    def say_text_edited(self, request, question):
        if erasures.record_edit(question):
            self.message_user(
                request,
                _("The text was changed. Its earlier text isn't kept, not even in the history."),
            )
            return
        self.message_user(
            request,
            _(
                "The text was changed, but the edit couldn't be added to the record of erasures "
                "(ERASURE_LOG), so a restore from a backup would bring the earlier text back: "
                "tell whoever runs the site."
            ),
            messages.ERROR,
        )

    @admin.action(description=_("Remove name and email…"), permissions=["moderate"])
    def remove_personal_data(self, request, queryset):
        # For a reader who asks us to delete their details: the question itself stays. Each
        # question's history says who removed them and when (never what they were), so a
        # request can be shown to be done, and done again after a restore from a backup.
        holding = queryset.holding_personal_data()
        if request.POST.get("apply") != "yes":
            # Nothing brings the details back, so the moderator first sees whose they are: a
            # row ticked by mistake shows up here, not as an asker never emailed.
            count = holding.count()
            if not count:
                self.message_user(
                    request,
                    _("None of the selected questions holds a name or an email."),
                    messages.WARNING,
                )
                return None
            personal = SubmittedQuestion.PERSONAL_FIELDS
            shown = list(holding.select_related(None).only("question", *personal)[:50])
            return TemplateResponse(
                request,
                "admin/faq/submittedquestion/remove_personal_data.html",
                {
                    **self.action_page_context(request, _("Remove names and emails")),
                    "questions": shown,
                    "count": count,
                    "more": count - len(shown),
                    "without": queryset.count() - count,
                },
            )
        holding = list(holding.values_list("pk", flat=True))
        removed = queryset.filter(pk__in=holding).forget_personal_data()
        done = SubmittedQuestion.objects.filter(pk__in=holding).without_personal_data()
        LogEntry.objects.log_actions(
            request.user.pk, done.only("pk"), CHANGE, str(_("Name and email removed."))
        )
        # And outside the database, so that a restore from an older backup can't undo it.
        if not erasures.record(erasures.REMOVED, done.only("pk", "created_at")):
            self.message_user(
                request,
                _(
                    "The removal couldn't be added to the record of erasures (ERASURE_LOG), "
                    "so a restore from a backup would undo it: tell whoever runs the site."
                ),
                messages.ERROR,
            )
        self.message_user(
            request,
            ngettext(
                "Name and email removed from %(count)d question.",
                "Name and email removed from %(count)d questions.",
                removed,
            )
            % {"count": removed},
        )

    # In place of Django's own, by its name (the admin site's actions give way to a model's).
    @admin.action(description=_("Delete selected reader questions…"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's delete action, whose confirmation (delete_selected_confirmation.html) shows
        the questions and asks whether the askers asked for it."""
        if request.POST.get("post") and not self.delete_reason_given(request):
            request.POST = request.POST.copy()
            del request.POST["post"]  # shown the confirmation again
        return super().delete_selected(request, queryset)  # RefusedDeletions', then Django's

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and not self.delete_reason_given(request):
            request.POST = request.POST.copy()
            request.POST.clear()  # Django deletes on any POST: shown the confirmation again
        return super().delete_view(request, object_id, extra_context)

    def delete_reason_given(self, request):
        if request.POST.get(DELETE_REASON) in {AT_ASKERS_REQUEST, OTHER_REASON}:
            return True
        self.message_user(
            request,
            _("Nothing was deleted. Say whether the asker asked us to delete it, then confirm."),
            messages.ERROR,
        )
        return False

    def delete_model(self, request, obj):
        deleted = copy.copy(obj)  # Django's delete() blanks the id
        super().delete_model(request, obj)
        self.record_deletions(request, [deleted])

    def delete_queryset(self, request, queryset):
        deleted = list(queryset.select_related(None).only("pk", "created_at"))
        super().delete_queryset(request, queryset)
        self.record_deletions(request, deleted)

    def record_deletions(self, request, questions):
        """At the asker's request, also outside the database, so that a restore from an older
        backup can't bring the question back (and email its asker)."""
        if request.POST.get(DELETE_REASON) != AT_ASKERS_REQUEST:
            return
        if not erasures.record(erasures.DELETED, questions):
            self.message_user(
                request,
                _(
                    "The deletion couldn't be added to the record of erasures (ERASURE_LOG), "
                    "so a restore from a backup would bring the question back: tell whoever "
                    "runs the site."
                ),
                messages.ERROR,
            )
