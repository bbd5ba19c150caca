"""The queue's bulk moves: the actions that change the state of the selected questions at
once ("Mark as in review", "Answer with an existing FAQ entry…", "Reject", …), and the page an
action shows to ask before it applies. Apart from the question admin (faq/admin_questions.py)
because they are one careful step, _move, with the rules on which rows a wide selection may
touch, and what each move writes in the questions' history."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.widgets import AutocompleteSelect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import ROW_ID

from .matching import entries_answering
from .models import FaqEntry, SubmittedQuestion

State = SubmittedQuestion.State

# The answer-with-an-entry page lists this many of the selected questions (all are answered).
QUESTIONS_SHOWN = 20
# Published entries offered as answers on a question's page and on the answer-with-an-entry page.
SUGGESTED = 5
# A bulk move's message links to the questions it moved, up to this many (in the address).
LINKED_MOVES = 300
# The name of "Answer with this entry", the button under each suggested entry.
ANSWER_WITH = "_answer_with"
# When the list a bulk move was chosen from was shown (change_list.html posts it back): a row
# changed since, by another moderator or a reader's new question, is left as it is.
LIST_SHOWN_AT = "list_shown_at"


class AnswerWithEntryForm(forms.Form):
    def __init__(self, data=None, *, admin_site):
        if data is not None:
            data = data.copy()
            if ROW_ID.fullmatch(data.get(ANSWER_WITH, "")):
                # The button under a suggested entry stands for choosing it in the picker.
                data["faq_entry"] = data[ANSWER_WITH]
            elif not ROW_ID.fullmatch(data.get("faq_entry", "")):
                # Not an id (an edited page): the picker would fail to show it. Asked for again.
                data["faq_entry"] = ""
        super().__init__(data)
        self.fields["faq_entry"] = forms.ModelChoiceField(
            FaqEntry.objects.all(),
            label=_("FAQ entry"),
            help_text=_(
                "Type a word from the entry's question or answer to find it. Each selected "
                "question is marked as answered with it."
            ),
            # The picker on a question's own page (SubmittedQuestionAdmin.autocomplete_fields).
            widget=AutocompleteSelect(SubmittedQuestion._meta.get_field("faq_entry"), admin_site),
        )


class BulkMoves:
    """SubmittedQuestionAdmin's actions moving the selected questions to another state. Mixed
    in there only: answer_with_entry uses its report_emails (faq/admin_answer_emails.py)."""

    @staticmethod
    def list_shown_at(request):
        """When the list was shown, as the page posted it back: None for a page from before
        this check, or a time no page gives (without a zone, before 2000 or ahead of now),
        which leaves the move as it was before. A list left open for days is checked too."""
        try:
            shown_at = parse_datetime(request.POST.get(LIST_SHOWN_AT, ""))
        except ValueError:
            return None
        if shown_at is None or shown_at.tzinfo is None or shown_at.year < 2000:
            return None
        return shown_at if shown_at <= timezone.now() + datetime.timedelta(minutes=5) else None

    def _move(self, request, queryset, state, faq_entry=None):
        """Move the selected questions not linked to an FAQ entry; returns the ids moved.

        A question linked to an FAQ entry has its asker emailed once it is answered (or has
        been already), so a bulk action mustn't reopen or close it as a side effect of a wide
        selection: "Mark as answered without a new FAQ entry" on a reopened one would email
        the asker after all. Its own page, which shows the entry, can still change it.
        Answering with an entry leaves rejected and spam questions alone too: it would email
        whatever address a spammer typed in.
        """
        questions = SubmittedQuestion.objects.filter(pk__in=queryset.values("pk"))
        movable = questions.filter(faq_entry__isnull=True)
        if faq_entry is not None:
            movable = movable.exclude(state__in=[State.REJECTED, State.SPAM])
        changed = []
        if shown_at := self.list_shown_at(request):
            # Another moderator answered, rejected or reopened it after this list was shown (or
            # it arrived since, under "Select all"): the move was chosen for what it was then.
            changed = list(movable.filter(updated_at__gt=shown_at).values_list("pk", flat=True))
            movable = movable.filter(updated_at__lte=shown_at)
        earlier = dict(movable.values_list("pk", "state"))
        ids = list(earlier)
        linked = questions.filter(faq_entry__isnull=False).count()
        closed = questions.count() - linked - len(ids) - len(changed)
        # Ticked, but no longer in the list's filter (another moderator answered it, and the
        # list shows open questions): Django's action leaves it out without a word.
        if request.POST.get("select_across") != "1":
            ticked = {int(pk) for pk in request.POST.getlist(ACTION_CHECKBOX_NAME) if pk.isdigit()}
            changed += sorted(ticked - set(questions.values_list("pk", flat=True)))
        # The UPDATE checks the same conditions again on each row, so on PostgreSQL it can't
        # reopen one another moderator answered meanwhile.
        started = timezone.now()
        moved = movable.filter(pk__in=ids).move_to(state, request.user, faq_entry)
        # Each question's history says who moved it and how, as a save on its page does: an
        # undo needs to know which rows a wide action took.
        if faq_entry is None:
            how = _("Marked as “%(state)s” from the list (was “%(was)s”).")
            done = ngettext(
                "%(count)d question is now “%(state)s”.",
                "%(count)d questions are now “%(state)s”.",
                moved,
            ) % {"count": moved, "state": state.label}
        else:
            how = _("Answered from the list with the FAQ entry “%(entry)s” (was “%(was)s”).")
            done = ngettext(
                "%(count)d question is now answered with “%(entry)s”.",
                "%(count)d questions are now answered with “%(entry)s”.",
                moved,
            ) % {"count": moved, "entry": faq_entry}
        this_move = {"state": state, "moderator": request.user, "updated_at__gte": started}
        for was in set(earlier.values()):
            rows = [pk for pk in ids if earlier[pk] == was]
            LogEntry.objects.log_actions(
                request.user.pk,
                SubmittedQuestion.objects.filter(pk__in=rows, **this_move).only("pk"),
                CHANGE,
                how % {"state": state.label, "entry": faq_entry, "was": State(was).label},
            )
        if moved and len(ids) <= LINKED_MOVES:
            # The moved rows leave the list shown: this finds exactly those, to put back.
            url = self.rows_url(ids)
            done = format_html('{} <a href="{}">{}</a>', done, url, _("See the questions moved"))
        self.message_user(request, done)
        if changed:
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "%(count)d question changed after this list was shown (another "
                        "moderator's move, say), so it was left as it is.",
                        "%(count)d questions changed after this list was shown (another "
                        "moderator's move, say), so they were left as they are.",
                        len(changed),
                    )
                    % {"count": len(changed)},
                    self.rows_url(changed[:LINKED_MOVES]),
                    _("See them as they are now"),
                ),
                messages.WARNING,
            )
        if linked:
            self.message_user(
                request,
                ngettext(
                    "%(count)d question was left as it is because an FAQ entry is linked to "
                    "it. To change it anyway, open it.",
                    "%(count)d questions were left as they are because an FAQ entry is linked "
                    "to them. To change one anyway, open it.",
                    linked,
                )
                % {"count": linked},
                messages.WARNING,
            )
        if closed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d rejected or spam question was left as it is: answering it would "
                    "email whoever sent it. To answer it anyway, open it.",
                    "%(count)d rejected or spam questions were left as they are: answering them "
                    "would email whoever sent them. To answer one anyway, open it.",
                    closed,
                )
                % {"count": closed},
                messages.WARNING,
            )
        return ids

    @admin.action(description=_("Mark as in review"), permissions=["moderate"])
    def mark_in_review(self, request, queryset):
        self._move(request, queryset, State.IN_REVIEW)

    # Answered by what we have already published: the asker gets no email ("If we don't
    # publish an answer, we won't write to you").
    @admin.action(
        description=_("Mark as answered without a new FAQ entry"), permissions=["moderate"]
    )
    def mark_answered_without_entry(self, request, queryset):
        self._move(request, queryset, State.ANSWERED)

    @admin.action(description=_("Answer with an existing FAQ entry…"), permissions=["moderate"])
    def answer_with_entry(self, request, queryset):
        """Several readers asked what one entry answers (a story's duplicates): link them all,
        in one step, and email the askers who left an address once the entry is published."""
        form = AnswerWithEntryForm(
            request.POST if "apply" in request.POST else None, admin_site=self.admin_site
        )
        if not form.is_valid():
            count = queryset.count()
            questions = list(queryset.select_related(None).only("question")[:QUESTIONS_SHOWN])
            suggested = entries_answering([q.question for q in questions], limit=SUGGESTED)
            return TemplateResponse(
                request,
                "admin/faq/submittedquestion/answer_with_entry.html",
                {
                    **self.action_page_context(request, _("Answer with an existing FAQ entry")),
                    "form": form,
                    "media": self.media + form.media,
                    "questions": questions,
                    "suggested_entries": suggested,
                    "answer_with": ANSWER_WITH,
                    "count": count,
                    "more": count - len(questions),
                },
            )
        entry = form.cleaned_data["faq_entry"]
        ids = self._move(request, queryset, State.ANSWERED, faq_entry=entry)
        if not entry.is_published:
            self.message_user(
                request,
                _("Askers who left an email are written to once “%(entry)s” is published.")
                % {"entry": entry},
            )
            return None
        self.report_emails(request, SubmittedQuestion.objects.filter(pk__in=ids))
        return None

    @admin.action(description=_("Reject"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._move(request, queryset, State.REJECTED)

    @admin.action(description=_("Mark as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._move(request, queryset, State.SPAM)

    @staticmethod
    def rows_url(ids):
        """The queue listing exactly these questions, whatever their state."""
        query = urlencode({"id__in": ",".join(map(str, ids))})
        return f"{reverse('admin:faq_submittedquestion_changelist')}?{query}"

    def action_page_context(self, request, title):
        """What an action's own page (a confirmation, a choice) needs to post the same
        selection back with `apply=yes`."""
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "media": self.media,
            "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "list_shown_at": request.POST.get(LIST_SHOWN_AT, ""),
        }
