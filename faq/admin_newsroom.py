"""A reader's question that is really a correction or a tip ("the story says 12 were detained;
the district says 9", "I have video of the agents") is for the newsroom, whose editors never
see the queue: "Send to the newsroom…" emails its words to FAQ_NEWSROOM_EMAILS. Never the
asker's name or email: the ask form promises only moderators see them."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .emails import send_to_newsroom

# The confirmation page lists this many of the selected questions, each in full.
NEWSROOM_SHOWN = 20


class NewsroomForwarding:
    """SubmittedQuestionAdmin's "Send to the newsroom…" action. Mixed in there only: its page
    uses BulkMoves.action_page_context (faq/admin_moves.py)."""

    @admin.action(description=_("Send to the newsroom…"), permissions=["moderate"])
    def send_to_newsroom(self, request, queryset):
        if not settings.FAQ_NEWSROOM_EMAILS:
            self.message_user(
                request,
                _(
                    "No newsroom address is set: whoever runs the site sets FAQ_NEWSROOM_EMAILS. "
                    "Nothing was sent."
                ),
                messages.WARNING,
            )
            return None
        questions = queryset.select_related(None).only("pk", "question", "created_at")
        if request.POST.get("apply") != "yes":
            count = questions.count()
            return TemplateResponse(
                request,
                "admin/faq/submittedquestion/send_to_newsroom.html",
                {
                    **self.action_page_context(request, _("Send to the newsroom")),
                    "questions": list(questions[:NEWSROOM_SHOWN]),
                    "count": count,
                    "more": max(0, count - NEWSROOM_SHOWN),
                    "recipients": settings.FAQ_NEWSROOM_EMAILS,
                },
            )
        sent = list(questions.order_by("created_at"))
        if not send_to_newsroom(sent):
            self.message_user(
                request,
                _("The mail server didn't take the email, so nothing was sent. Try later."),
                messages.ERROR,
            )
            return None
        LogEntry.objects.log_actions(request.user.pk, sent, CHANGE, str(_("Sent to the newsroom.")))
        self.message_user(
            request,
            ngettext(
                "%(count)d question was sent to the newsroom. Close it when you are done with "
                "it (for instance “Mark as answered without a new FAQ entry”).",
                "%(count)d questions were sent to the newsroom. Close them when you are done "
                "with them (for instance “Mark as answered without a new FAQ entry”).",
                len(sent),
            )
            % {"count": len(sent)},
        )
        return None
