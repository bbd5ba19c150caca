"""FAQ entries: editors write them; moderators also create them to answer reader questions
(that add page's parts are in faq/admin_answering.py)."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.forms.models import BaseModelFormSet
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.admin import (
    UPDATED,
    PublishableAdmin,
    ReviewFilter,
    TopicFilter,
    VisibilityFilter,
)
from portal.edit_conflicts import RowsDeletedMeanwhile
from portal.merging import opened_value

from . import admin_questions  # noqa: F401  (registers the reader-question queue)
from .admin_answering import FaqEntryForm, QuestionAnswering
from .emails import IN_REQUEST_LIMIT, notify_askers
from .models import FaqEntry, SubmittedQuestion


def without_clear_all(field):
    """No "remove all" cross on an autocomplete of several choices: each has its own, and
    select2 draws that one as a stray item in the list (a broken list for screen readers)."""
    field.widget.is_required = True  # Django's autocomplete offers clearing otherwise


class OrderListFormSet(RowsDeletedMeanwhile, BaseModelFormSet):
    """The FAQ list's order column."""

    deleted_message = _(
        "An FAQ entry on this page was deleted since you opened it, so nothing was saved. "
        "Open the list again, then change the order."
    )

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The list also sends the order each row showed, so only the rows this editor changed
        # are saved: a list opened earlier doesn't put back orders others changed since.
        form.fields["order"].show_hidden_initial = True
        form.is_list_row = True


@admin.register(FaqEntry)
class FaqEntryAdmin(QuestionAnswering, PublishableAdmin):
    form = FaqEntryForm
    list_display = ["question", "visibility", "order", "last_checked", UPDATED]
    list_editable = ["order"]
    list_filter = [
        VisibilityFilter, ReviewFilter, ("topics", TopicFilter), "language", "published_at"
    ]  # fmt: skip
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["topics"]
    # Typed, not picked from every explainer: listing them all made this page (and "Answer
    # and publish as FAQ") 2 s and 1.8 MB at 20,000 explainers.
    autocomplete_fields = ["related_articles"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "question",
                    "slug",
                    "language",
                    "answer",
                    "topics",
                    "related_articles",
                    "corrections",
                ]
            },
        ),
        (_("Publishing"), {"fields": ["status", "published_at", "order", "last_reviewed"]}),
    ]
    readonly_fields = ["reader_questions"]

    class Media:  # names the explainer picker's parts for screen readers, and its contrast
        css = {"all": ["css/admin-autocomplete.css"]}
        js = ["js/admin-autocomplete-labels.js"]

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, formset=OrderListFormSet, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not obj.source_questions.exists():
            return fieldsets
        # Next to the status, so whoever publishes a moderator's draft sees a reader waits.
        (main, (publishing, options)) = fieldsets
        options = {**options, "fields": ["reader_questions", *options["fields"]]}
        return [main, (publishing, options)]

    @admin.display(description=_("reader questions"))
    def reader_questions(self, obj):
        """Counts only: editors see this line too, and never who asked."""
        questions = obj.source_questions.all()
        count, due = questions.count(), questions.answer_email_due().count()
        answers = ngettext(
            "Answers %(count)d reader question", "Answers %(count)d reader questions", count
        ) % {"count": count}
        if not due:
            emails = gettext("no asker is waiting for an email")
        elif obj.is_published:
            emails = ngettext(
                "%(count)d asker is still to be emailed (sending is retried)",
                "%(count)d askers are still to be emailed (sending is retried)",
                due,
            ) % {"count": due}
        else:
            emails = ngettext(
                "publishing it emails %(count)d asker",
                "publishing it emails %(count)d askers",
                due,
            ) % {"count": due}
        return gettext("%(answers)s; %(emails)s.") % {"answers": answers, "emails": emails}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related_articles":
            kwargs["help_text"] = _("Type a word from an explainer's title or summary to find it.")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.autocomplete_fields:
            without_clear_all(field)
        return field

    def save_model(self, request, obj, form, change):
        if getattr(form, "is_list_row", False):
            # The list read its rows before this save's transaction: its one field goes onto
            # the row as it is now, so what was saved meanwhile (an answer, a status) stays.
            current = FaqEntry.objects.select_for_update().filter(pk=obj.pk).first()
            if current is None:
                return  # deleted meanwhile
            opened = opened_value(form, forms.HiddenInput(), form.add_initial_prefix("order"))
            if str(current.order) != opened and current.order != obj.order:
                self.message_user(
                    request,
                    gettext(
                        "Someone else changed the order of “%(entry)s” to %(theirs)s since you "
                        "opened the list; it is now %(yours)s, as you set it."
                    )
                    % {"entry": current, "theirs": current.order, "yours": obj.order},
                    messages.WARNING,
                )
            current.order = obj.order
            obj = current
        super().save_model(request, obj, form, change)
        # Askers are told once the entry is published; after commit, so mail never blocks it.
        transaction.on_commit(
            partial(
                notify_askers,
                SubmittedQuestion.objects.filter(faq_entry=obj),
                limit=IN_REQUEST_LIMIT,
            )
        )
