"""What moderators do to reader questions at their askers' request, or by mistake: remove a
name and email, or delete a question. Both show first which questions they touch; only what an
asker asked for goes into the record of erasures (faq/erasures.py), which a restore from a
backup can't undo, so a slip can still be brought back from one."""

import copy

from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.models import CHANGE, LogEntry
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import erasures
from .models import SubmittedQuestion

# The delete confirmation asks why (delete_reason.html). Only a deletion at the asker's request
# goes into the record of erasures, which deletes it again after a restore from a backup: one
# made by mistake, or for another reason, can still be brought back from a backup.
DELETE_REASON = "delete_reason"
AT_ASKERS_REQUEST, OTHER_REASON = "asker", "other"


class ErasingActions:
    """SubmittedQuestionAdmin's "Remove name and email…" action and its deletions. Mixed in
    there only: its pages use BulkMoves.action_page_context (faq/admin_moves.py)."""

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
        return admin_actions.delete_selected(self, request, queryset)

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
