"""FAQ entries: editors write them; moderators also create them to answer reader questions."""

from functools import partial

from django.contrib import admin
from django.db import transaction
from django.shortcuts import redirect
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.admin import PublishableAdmin, VisibilityFilter
from portal.admin import ROW_ID

from . import admin_questions  # noqa: F401  (registers the moderation admin)
from .emails import notify_askers
from .models import FaqEntry, SubmittedQuestion

MODERATE = "faq.moderate_submittedquestion"


@admin.register(FaqEntry)
class FaqEntryAdmin(PublishableAdmin):
    list_display = ["question", "visibility", "order", "updated_at"]
    list_editable = ["order"]
    list_filter = [VisibilityFilter, "topics", "published_at"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["topics", "related_articles"]
    fieldsets = [
        (None, {"fields": ["question", "slug", "answer", "topics", "related_articles"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "order"]}),
    ]

    def source_question(self, request):
        """The unanswered reader question named by ?from_question=<id>, for moderators only."""
        if not request.user.has_perm(MODERATE):
            return None
        pk = request.GET.get("from_question", "")
        if not ROW_ID.fullmatch(pk):
            return None
        return (
            # Open questions only: a stale tab must not reopen a rejected or spam one.
            SubmittedQuestion.objects.filter(pk=pk, faq_entry__isnull=True)
            .exclude(state__in=SubmittedQuestion.CLOSED_STATES)
            .select_related("article")
            .first()
        )

    def get_changeform_initial_data(self, request):
        """ "Answer and publish as FAQ": start from the reader's question and its article."""
        initial = super().get_changeform_initial_data(request)
        question = self.source_question(request)
        if question is not None:
            text = Truncator(" ".join(question.question.split())).chars(300)
            # No slug: the admin fills an empty one from the question as the moderator rewrites
            # it, so the public address never keeps the reader's own words.
            initial["question"] = text
            if question.article:
                initial["related_articles"] = [question.article.pk]
                initial["topics"] = [topic.pk for topic in question.article.topics.all()]
        return initial

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and (question := self.source_question(request)) is not None:
            question.move_to(SubmittedQuestion.State.ANSWERED, request.user, faq_entry=obj)
        # Askers are told once the entry is published; after commit, so mail never blocks it.
        transaction.on_commit(
            partial(notify_askers, SubmittedQuestion.objects.filter(faq_entry=obj))
        )

    def response_add(self, request, obj, post_url_continue=None):
        question = obj.source_questions.first() if "from_question" in request.GET else None
        other_buttons = {"_continue", "_addanother", "_popup", "_saveasnew"}
        if question is not None and not other_buttons & set(request.POST):
            self.message_user(
                request,
                _("The FAQ entry “%(entry)s” was added and answers this reader question.")
                % {"entry": obj},
            )
            return redirect("admin:faq_submittedquestion_change", question.pk)
        return super().response_add(request, obj, post_url_continue)
