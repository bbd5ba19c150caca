"""The "Answer and publish as FAQ" flow: a FaqEntry add page opened from a reader question
(?from_question=<id>, for moderators only). It starts from the question's words and explainer,
warns of personal details and of the entries that may already answer it, refuses to link a
question answered meanwhile, and on save marks the question answered by the new entry. Apart
from the entry admin (faq/admin.py), where editors write and order entries, because none of
this touches an entry written from scratch."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from portal.admin import ROW_ID
from portal.edit_conflicts import EditConflictForm
from portal.models import looks_personal
from portal.permissions import can_moderate
from portal.search.query import written_in_spanish

from .alike import OpenQuestions
from .duplicates import entries_maybe_duplicating, may_duplicate_warning, started_meanwhile_warning
from .matching import similar_entries
from .models import FaqEntry, SubmittedQuestion

# "Answer and publish as FAQ" names this many published entries that may answer the question.
SIMILAR_SHOWN = 3
# Marks the add page a stale "Answer and publish as FAQ" form posts to: its slug stays typed.
TYPED_SLUG = "typed_slug"


def closed_question_note(question):
    """Why a reader question can't take a new answer, linking to the answer it already has."""
    question_url = reverse("admin:faq_submittedquestion_change", args=[question.pk])
    if question.faq_entry_id:
        return format_html(
            gettext(
                '<a href="{}">{}</a> is already answered by the FAQ entry <a href="{}">{}</a>.'
            ),
            question_url,
            question,
            reverse("admin:faq_faqentry_change", args=[question.faq_entry_id]),
            question.faq_entry,
        )
    return format_html(
        gettext('<a href="{}">{}</a> is closed: {}.'),
        question_url,
        question,
        question.get_state_display(),
    )


class FaqEntryForm(EditConflictForm):
    # Set by FaqEntryAdmin.get_form when ?from_question names a question that is no longer open.
    stale_question = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # An add page too says when it was opened: an answer another moderator starts
            # meanwhile for a copy of its question is named after the save (FaqEntryAdmin).
            self.fields["opened_at"].initial = timezone.now().isoformat()

    def clean(self):
        cleaned_data = super().clean()
        if self.stale_question is not None:
            # A form error, not a quiet save: the moderator keeps what they typed and learns
            # the question already has its answer before making a second entry.
            raise forms.ValidationError(
                format_html(
                    "{} {}",
                    closed_question_note(self.stale_question),
                    gettext(
                        "Nothing was saved. Save again to make a separate FAQ entry, not linked "
                        "to the question."
                    ),
                ),
                code="stale_question",
            )
        return cleaned_data


class QuestionAnswering:
    """FaqEntryAdmin's add page opened from a reader question. Mixed in there only:
    response_add uses PublishableAdmin.say_where_it_stands (articles/admin.py)."""

    def linked_question(self, request, lock=False):
        """The reader question named by ?from_question=<id>, whatever its state, for moderators
        only (editors never learn anything about questions)."""
        if not can_moderate(request.user):
            return None
        pk = request.GET.get("from_question", "")
        if not ROW_ID.fullmatch(pk):
            return None
        questions = SubmittedQuestion.objects.select_related("faq_entry")
        if lock:
            # Held until the entry is saved: two tabs sending at once (PostgreSQL lets them
            # interleave) can't both find the question open and answer it twice.
            questions = questions.select_for_update(of=("self",))
        return questions.filter(pk=pk).first()

    def log_addition(self, request, obj, message):
        logged = super().log_addition(request, obj, message)
        if self.linked_question(request) is not None:
            # Started from a reader's question ("Answer and publish as FAQ"), saved perhaps
            # before the moderator rewrote it: the history, shown under "Recent actions" and
            # kept after the question is deleted on its asker's request, names the entry by
            # number, not by the reader's own words.
            logged.object_repr = gettext("FAQ entry #%(pk)s") % {"pk": obj.pk}
            logged.save(update_fields=["object_repr"])
        return logged

    def source_question(self, request):
        """The linked question if it still waits for an answer, else None."""
        question = self.linked_question(request)
        return question if question is not None and question.awaits_answer else None

    def stale_question(self, request, lock=False):
        """The linked question if it can't take this answer any more: answered (in another tab,
        say), rejected or spam."""
        question = self.linked_question(request, lock)
        return question if question is not None and not question.awaits_answer else None

    def add_view(self, request, form_url="", extra_context=None):
        if (question := self.stale_question(request)) is not None:
            if request.method == "GET":
                self.message_user(
                    request,
                    format_html(
                        "{} {}",
                        closed_question_note(question),
                        gettext("Saving this form makes a separate FAQ entry, not linked to it."),
                    ),
                    messages.WARNING,
                )
            # The form goes to the plain add page, so once the moderator has been told (above,
            # or by the form error on a stale tab's save) saving again makes a separate entry.
            params = request.GET.copy()
            del params["from_question"]
            params[TYPED_SLUG] = "1"  # the text may still be the reader's: see get_form
            form_url = reverse("admin:faq_faqentry_add") + f"?{params.urlencode()}"
        elif request.method == "GET" and (question := self.source_question(request)):
            # Always: a name or a place gives an asker away as surely as a number, and no
            # check finds those.
            if looks_personal(question.question):
                warning = gettext(
                    "The reader's question may hold personal details (an email address, or a "
                    "phone, case or ID number). Rewrite it below without them, and without "
                    "names or places that could tell who asked, before publishing."
                )
            else:
                warning = gettext(
                    "Rewrite the reader's question below in general words before publishing: "
                    "without names or places that could tell who asked."
                )
            self.message_user(request, warning, messages.WARNING)
            published = self.point_to_similar_entries(request, question)
            self.point_to_entries_started(request, question, published)
        return super().add_view(request, form_url, extra_context)

    def point_to_similar_entries(self, request, question):
        """Before a new entry is written for a reader's question: the published ones that may
        already answer it, so a story's many copies of one question don't each become one.
        Those named."""
        entries = similar_entries(question.question, limit=SIMILAR_SHOWN)
        if not entries:
            return entries
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:faq_faqentry_change", args=[e.pk]), e.question) for e in entries),
        )
        question_url = reverse("admin:faq_submittedquestion_change", args=[question.pk])
        self.message_user(
            request,
            format_html(
                gettext(
                    "Published FAQ entries that may already answer this question: {}. To answer "
                    "it with one of them, use its “Answer with this entry” button on the "
                    'question\'s page: <a href="{}">back to the question</a>.'
                ),
                links,
                question_url,
            ),
            messages.WARNING,
        )
        return entries

    def point_to_entries_started(self, request, question, named):
        """The entries, in any state, another moderator may be writing for a copy of this
        question (the search above finds only published ones), apart from those `named`."""
        entries = entries_maybe_duplicating(question, exclude=[e.pk for e in named])
        if entries:
            self.message_user(
                request, may_duplicate_warning(entries, request.user), messages.WARNING
            )

    def point_to_entries_started_meanwhile(self, request, obj, question):
        """After saving `obj` from `question`: the entries that may answer it too and that its
        form, opened earlier, couldn't name (both moderators had the form open). A warning
        after the save, not a refusal: alike is a hint, not a verdict, so this save links the
        question (its asker gets an answer) and keeps the text, and the moderator who knows
        both entries keeps one."""
        try:
            opened = parse_datetime(request.POST.get("opened_at", ""))
        except ValueError:
            opened = None
        if opened is not None and opened.tzinfo is None:
            opened = None  # no page sends one: compared with the database's, it would fail
        # A page from before the add form said when it was opened: name them all.
        entries = entries_maybe_duplicating(question, since=opened, exclude=[obj.pk])
        if entries:
            self.message_user(
                request, started_meanwhile_warning(entries, request.user), messages.WARNING
            )

    def slug_is_typed(self, request):
        """Whether this add form started from a reader's question, open or answered meanwhile
        (whose form then posts to the plain add page, marked TYPED_SLUG)."""
        return self.linked_question(request) is not None or TYPED_SLUG in request.GET

    def get_prepopulated_fields(self, request, obj=None):
        if obj is None and self.slug_is_typed(request):
            return {}  # the slug is typed: see get_form
        return super().get_prepopulated_fields(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not change and request.method == "POST":
            # Inside the save's transaction (changeform_view), so the lock lasts until the save.
            form.stale_question = self.stale_question(request, lock=True)
        if not change and "slug" in form.base_fields and self.slug_is_typed(request):
            # Made from the question, the address would carry the reader's own words (a name,
            # a school) whenever the moderator publishes before rewriting them, and an address
            # once published keeps leading here after it is changed.
            slug = form.base_fields["slug"]
            slug.required = True
            slug.help_text = _(
                "Part of the address: /faq/your-slug/. Type a few general words, e.g. "
                "ice-detains-child-near-school: it isn't made from the reader's question, "
                "which may name people and places, and an address once published keeps "
                "leading here after it is changed."
            )
        return form

    def get_changeform_initial_data(self, request):
        """ "Answer and publish as FAQ": start from the reader's question and its article."""
        initial = super().get_changeform_initial_data(request)
        question = self.source_question(request)
        if question is not None:
            text = Truncator(" ".join(question.question.split())).chars(300)
            initial["question"] = text  # no slug: the moderator types it (get_form)
            if written_in_spanish(question.question):  # as its thank-you page and email decide
                initial["language"] = FaqEntry.Language.SPANISH
            if question.article:
                initial["related_articles"] = [question.article.pk]
                initial["topics"] = [topic.pk for topic in question.article.topics.all()]
        return initial

    def save_model(self, request, obj, form, change):
        """The question the entry was written for is answered by it: reached through
        FaqEntryAdmin.save_model's super(), before that queues the askers' email."""
        super().save_model(request, obj, form, change)
        if not change and (question := self.source_question(request)) is not None:
            question.move_to(SubmittedQuestion.State.ANSWERED, request.user, faq_entry=obj)

    def response_add(self, request, obj, post_url_continue=None):
        question = obj.source_questions.first() if "from_question" in request.GET else None
        if question is not None:
            self.point_to_entries_started_meanwhile(request, obj, question)
        other_buttons = {"_continue", "_addanother", "_popup", "_saveasnew"}
        if question is not None and not other_buttons & set(request.POST):
            self.message_user(
                request,
                _("The FAQ entry “%(entry)s” was added and answers this reader question.")
                % {"entry": obj},
            )
            if alike := len(OpenQuestions([question]).like(question)):
                self.message_user(
                    request,
                    format_html(
                        '{} <a href="{}?like={}">{}</a>',
                        ngettext(
                            "%(count)d open question is like this one; this entry may answer "
                            "it too.",
                            "%(count)d open questions are like this one; this entry may answer "
                            "them too.",
                            alike,
                        )
                        % {"count": alike},
                        reverse("admin:faq_submittedquestion_changelist"),
                        question.pk,
                        _("See them"),
                    ),
                )
            self.say_where_it_stands(request, obj)
            return redirect("admin:faq_submittedquestion_change", question.pk)
        return super().response_add(request, obj, post_url_continue)
