"""What the question queue's columns and a question's read-only fields show: the question,
its answer, the open questions like it, the entries that may answer it. Apart from the question
admin (faq/admin_questions.py), which decides who sees and changes what, because these only
display a question."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_moves import ANSWER_WITH, SUGGESTED
from .alike import OpenQuestions
from .matching import similar_entries
from .models import AnswerEmail

QUEUE_CHARS = 200  # of a question, in the queue's column


class QuestionColumns:
    """SubmittedQuestionAdmin's list columns and read-only fields."""

    @admin.display(description=_("question"), ordering="question")
    def summary(self, obj):
        # More than the 90 characters elsewhere: a moderator reads before ticking, and at 90
        # "read each one" meant opening each one.
        return Truncator(obj.question).chars(QUEUE_CHARS)

    @admin.display(description=_("open questions like it"))
    def alike(self, obj):
        return self.alike_link(obj) or "—"

    def alike_link(self, obj):
        """A link to the open questions asking the same in other words, or "" if none do."""
        count = getattr(obj, "alike_count", None)  # the queue counts its page's at once
        if count is None:
            count = len(OpenQuestions([obj]).like(obj)) if obj.pk else 0
        if not count:
            return ""
        url = reverse("admin:faq_submittedquestion_changelist") + f"?like={obj.pk}"
        label = ngettext("%(count)d more like it", "%(count)d more like it", count)
        return format_html('<a href="{}">{}</a>', url, label % {"count": count})

    @admin.display(description=_("published FAQ entries that may answer it"))
    def suggested_entries(self, obj):
        entries = similar_entries(obj.question, limit=SUGGESTED)
        if not entries:
            return "—"
        context = {"entries": entries, "name": ANSWER_WITH}
        return render_to_string("admin/faq/submittedquestion/suggested_entries.html", context)

    # One column, not two: the queue is already wider than a laptop's screen.
    @admin.display(description=_("answer"))
    def answer_and_alike(self, obj):
        if alike := self.alike_link(obj):
            return format_html('{}<div class="alike">{}</div>', self.answer_link(obj), alike)
        return self.answer_link(obj)

    @admin.display(description=_("moderator"))
    def moderated_by(self, obj):
        # A name, not Django's link to the user's page: only admins may open that.
        return obj.moderator.get_username() if obj.moderator else "—"

    @admin.display(description=_("answer email"), ordering="answer_email")
    def answer_email(self, obj):
        return AnswerEmail(obj.answer_email).label if obj.answer_email else "—"

    @admin.display(description=_("answer"))
    def answer_link(self, obj):
        if obj.faq_entry_id:
            url = reverse("admin:faq_faqentry_change", args=[obj.faq_entry_id])
            return format_html('<a href="{}">{}</a>', url, obj.faq_entry)
        if obj.pk and not obj.is_closed:
            url = reverse("admin:faq_faqentry_add") + f"?from_question={obj.pk}"
            return format_html(
                '<a class="button" href="{}">{}</a>', url, _("Answer and publish as FAQ")
            )
        return "—"
