"""The moderation queue for reader questions.

Only users with faq.moderate_submittedquestion (the Moderators group) see askers' names and
emails, change states or run the bulk actions; editors don't see the queue at all.
"""

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin import TopicFilter
from portal.admin import ROW_ID, PortalAdmin, zoned_column
from portal.edit_conflicts import EditConflictAdmin
from portal.permissions import can_moderate

from .admin_answer_emails import AnswerEmails
from .admin_columns import QuestionColumns
from .admin_corrections import CorrectedAnswers
from .admin_erasing import ErasingActions
from .admin_moves import ANSWER_WITH, LIST_SHOWN_AT, BulkMoves
from .admin_newsroom import NewsroomForwarding
from .admin_queue import AnswerEmailFilter, ArticleFilter, LikeFilter, QueueChangeList, StateFilter
from .alike import OpenQuestions
from .duplicates import entries_maybe_duplicating, may_duplicate_warning
from .models import FaqEntry, SubmittedQuestion

State = SubmittedQuestion.State
ALWAYS_READONLY = [
    "question", "alike", "suggested_entries", "article", *SubmittedQuestion.PERSONAL_FIELDS,
    "received", "answer_link", "moderated_by", "closed", "asker_notified",
    "details_removed", "corrected_answer", "edit_text",
]  # fmt: skip


@admin.register(SubmittedQuestion)
class SubmittedQuestionAdmin(
    QuestionColumns,
    BulkMoves,
    NewsroomForwarding,
    CorrectedAnswers,
    ErasingActions,
    AnswerEmails,
    EditConflictAdmin,
    PortalAdmin,
):
    # Its times with their zone (the admin's own display leaves it out), in the list and on
    # a question's page.
    received = staticmethod(zoned_column("created_at", _("received")))
    closed = staticmethod(zoned_column("closed_at", _("closed")))
    asker_notified = staticmethod(zoned_column("notified_at", _("asker notified")))
    details_removed = staticmethod(
        zoned_column("personal_data_removed_at", _("name and email removed"))
    )
    list_display = ["summary", "state", "article", "received", "answer_and_alike"]
    list_display_links = ["summary"]
    # "Received: today, past 7 days, this month": a date hierarchy's bar lists the days that
    # have questions, which SQLite works out row by row (0.6 s a view at 200,000 questions).
    list_filter = [  # StateFilter first: it looks at the others' parameters
        StateFilter, ("created_at", admin.DateFieldListFilter), ("article__topics", TopicFilter),
        ("article", ArticleFilter), LikeFilter,
    ]  # fmt: skip
    list_select_related = ["article", "faq_entry"]
    autocomplete_fields = ["faq_entry"]  # typed: a list of every entry grows with the FAQ
    ordering = ["created_at"]  # the queue: oldest first
    search_fields = ["question", "internal_note"]
    actions = [
        "answer_with_entry", "mark_in_review", "mark_answered_without_entry", "reject",
        "mark_spam", "send_to_newsroom", "send_notifications", "remove_personal_data",
        "delete_selected",
    ]  # fmt: skip
    # A page of the queue is long: the actions wait at its foot too, where a moderator who
    # ticked rows down the page is.
    actions_on_bottom = True

    class Media:
        # The queue's keeps the answer button in view; the autocomplete's names the FAQ entry
        # picker's parts for screen readers and gives its highlighted choice enough contrast.
        css = {"all": ["css/admin-question-queue.css", "css/admin-autocomplete.css"]}
        # editor-unsaved: leaving a question's page with a changed note or answer asks first.
        # admin-action-counters: the foot's "N of M selected" counts too; admin-queue-filters:
        # on a phone the filters come first, folded.
        js = [
            "js/admin-autocomplete-labels.js",
            "js/editor-unsaved.js",
            "js/admin-action-counters.js",
            "js/admin-queue-filters.js",
        ]

    def has_add_permission(self, request):
        return False  # questions come from readers

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            # The queue is for reading: its question column gets the width the admin's menu
            # took (about five questions a screen at 1280 px). The breadcrumbs still lead on.
            "is_nav_sidebar_enabled": False,
            # Posted back with a bulk move (change_list.html), which leaves alone a row
            # changed since (BulkMoves._move).
            LIST_SHOWN_AT: timezone.now().isoformat(),
        }
        return super().changelist_view(request, extra_context)

    def has_moderate_permission(self, request):
        return can_moderate(request.user)

    def moderated_question(self, request, object_id):
        """The question a moderator's page of its own is about ("Send the corrected answer…",
        "Take personal details out of the text…"), or None if there is none; anyone else is
        refused."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        return self.get_object(request, unquote(object_id))

    def lookup_allowed(self, lookup, value, request):
        # The admin takes a filter on any of the model's fields from the address, so without
        # this ?email__startswith=a would tell staff who can't see emails who asked.
        personal = lookup.split("__")[0] in {*SubmittedQuestion.PERSONAL_FIELDS, "answer_email"}
        if personal and not self.has_moderate_permission(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_queryset(self, request):
        # The queue shows each question's explainer and entry by name: their texts would be
        # read for every row and never shown.
        return (
            super()
            .get_queryset(request)
            .with_answer_email()
            .select_related("article", "faq_entry")
            .defer(*[f"article__{name}" for name in ("body", "body_html", "toc", "summary")])
            .defer(*[f"faq_entry__{name}" for name in ("answer", "answer_html")])
        )

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # One read of the open questions for the whole page.
        open_questions = OpenQuestions(changelist.result_list)
        for question in changelist.result_list:
            question.alike_count = len(open_questions.like(question))
        for spec in changelist.filter_specs if request.method == "GET" else ():  # not twice
            if not isinstance(spec, LikeFilter):
                continue
            if spec.question is None:
                self.message_user(
                    request,
                    _("There is no question to compare with: it may have been deleted."),
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    _(
                        "Open questions like “%(question)s”, most alike first. Read each before "
                        "answering them together: tick them, then choose “Answer with an "
                        "existing FAQ entry…” or another action."
                    )
                    % {"question": spec.question.summary},
                )
        return changelist

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self.has_moderate_permission(request):
            # One column says both whether the asker left an email and where its answer
            # email stands: the queue is already wider than a laptop's screen.
            columns.insert(2, "answer_email")
        return columns

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if self.has_moderate_permission(request):
            # To find an asker's questions for a request to delete their data. Only for those
            # who see names and emails: searching would otherwise reveal who asked what.
            fields += SubmittedQuestion.PERSONAL_FIELDS
        return fields

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self.has_moderate_permission(request):
            # Only for those who see emails: it tells whether an asker left one.
            filters.insert(1, AnswerEmailFilter)
        return filters

    def get_fields(self, request, obj=None):
        fields = ["question"]
        if obj is not None and self.has_moderate_permission(request):
            fields.append("edit_text")  # a phone number or a case number in the reader's words
        fields += ["alike", "article", "received"]
        if self.has_moderate_permission(request):
            fields += [*SubmittedQuestion.PERSONAL_FIELDS, "details_removed"]
        fields += ["state", "internal_note"]
        if obj is not None and obj.awaits_answer and self.has_moderate_permission(request):
            fields.append("suggested_entries")  # buttons that answer it: for moderators only
        fields += ["answer_link", "faq_entry", "moderated_by", "closed", "asker_notified"]
        if self.has_moderate_permission(request) and obj is not None and obj.notified_at:
            if SubmittedQuestion.objects.correctable().filter(pk=obj.pk).exists():
                fields.append("corrected_answer")  # its page is for moderators only
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "faq_entry":
            kwargs["help_text"] = format_html(
                "{} {}",
                db_field.help_text,
                _("Type a word from the entry's question or answer to find it."),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if self.has_moderate_permission(request):
            return ALWAYS_READONLY
        return ALWAYS_READONLY + ["state", "internal_note", "faq_entry"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        chosen = request.POST.get(ANSWER_WITH, "") if request.method == "POST" else ""
        if ROW_ID.fullmatch(chosen):
            data = request.POST.copy()
            del data[ANSWER_WITH]
            if FaqEntry.objects.filter(pk=chosen).exists():
                # The same save as choosing it in the "FAQ entry" field and "Answered" as the
                # state, so the form's checks (another moderator's change meanwhile) and the
                # asker's email are those of any save. Staff who can't moderate have both
                # fields read-only.
                data["faq_entry"], data["state"] = chosen, State.ANSWERED
            else:
                # Deleted since the page was shown: said plainly, and the rest of the form
                # (a note typed) saved as "Save and continue editing" saves it, on this page
                # to choose another, not shown with "Answered" chosen and an error on a field
                # the moderator left.
                self.message_user(
                    request,
                    _("That FAQ entry was deleted after this page was opened. Choose another."),
                    messages.WARNING,
                )
                data["_continue"] = "1"
            request.POST = data
        elif request.method == "GET" and self.has_moderate_permission(request):
            self.point_to_entries_started(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def point_to_entries_started(self, request, object_id):
        """On an open question's page: the entries, in any state, that may answer it already,
        as the "Answer and publish as FAQ" form names them, so a moderator answers with one
        rather than starting a second."""
        question = self.get_object(request, unquote(object_id))
        if question is not None and question.awaits_answer:
            if entries := entries_maybe_duplicating(question):
                self.message_user(
                    request, may_duplicate_warning(entries, request.user), messages.WARNING
                )

    def save_model(self, request, obj, form, change):
        chose_entry = "faq_entry" in form.changed_data and "state" not in form.changed_data
        if chose_entry and obj.faq_entry_id and not obj.is_closed:
            # Choosing the entry that answers it is answering it: left "New", the question
            # would stay in the queue, and its asker would never be emailed.
            obj.state = State.ANSWERED
            self.message_user(request, _("Marked as answered, since an FAQ entry now answers it."))
        if {"state", "faq_entry"} & set(form.changed_data):
            obj.record_moderation(request.user)
        super().save_model(request, obj, form, change)
        if obj.notified_at and obj.faq_entry_id and "faq_entry" in form.changed_data:
            # The asker has their email, with the earlier entry's link, and none goes again
            # by itself: the moderator decides whether it was wrong.
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "The asker was already emailed an answer, and changing the FAQ entry "
                        "sends nothing. If that email linked the wrong answer:"
                    ),
                    self.correction_url(obj),
                    _("Send the corrected answer…"),
                ),
                messages.WARNING,
            )
        elif obj.state == State.ANSWERED and obj.faq_entry_id:
            transaction.on_commit(partial(self.email_answer, request, obj))
