"""The reader-question queue's filters and ordering (faq/admin_questions.py)."""

from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, SEARCH_VAR, ChangeList
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from portal.admin import ROW_ID

from .alike import OpenQuestions
from .models import AnswerEmail, SubmittedQuestion

State = SubmittedQuestion.State


class ArticleFilter(admin.RelatedOnlyFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("article")  # not the field's "about the article": "By about the article"
        self.empty_value_display = _("No article")  # not the admin's bare "-"

    def field_choices(self, field, request, model_admin):
        # Titles only: Django's own loads every asked-about explainer whole, bodies included.
        asked_about = model_admin.get_queryset(request).values("article")
        articles = field.related_model._default_manager.filter(pk__in=asked_about)
        return list(articles.order_by("title").values_list("pk", "title"))


class StateFilter(admin.SimpleListFilter):
    """The queue opens on the open questions (new or in review): after a few months, answered,
    rejected and spam ones would fill its first pages. Any other filter or a search looks
    through every state unless a state is picked too: "answer email: not sent yet" is about
    answered questions, and a search for an asker's email (a request to delete their data) must
    find all of their questions."""

    title = _("state")
    parameter_name = "state__exact"  # as Django's own filter named it: alert emails link to it
    OPEN, ALL = "open", "all"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        # Each filter takes its own parameters out of `params` in turn: as the first filter of
        # the list, this one sees what is left for the others.
        bare = not params and not request.GET.get(SEARCH_VAR, "").strip()
        self.default = self.OPEN if bare else self.ALL

    def lookups(self, request, model_admin):
        return [(self.OPEN, _("Open: new or in review")), *State.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        if self.value() == self.OPEN:
            return queryset.open()
        if self.value() in State.values:
            return queryset.filter(state=self.value())
        return queryset

    def choices(self, changelist):
        choices = super().choices(changelist)
        next(choices)  # Django's "All" drops the parameter, which here means "open"
        yield from choices


class LikeFilter(admin.SimpleListFilter):
    """?like=<id>: that question and the open ones like it (alike.py), to answer together.
    Shown only while in use, with the question it started from."""

    title = _("questions like")
    parameter_name = "like"

    def lookups(self, request, model_admin):
        value = self.value()
        self.question = None
        if value and ROW_ID.fullmatch(value):
            question = SubmittedQuestion.objects.only("question", "created_at").filter(pk=value)
            self.question = question.first()
        if value is None:
            return []  # no output: the filter is hidden
        return [(value, self.question.summary if self.question else _("no such question"))]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.question is None:  # deleted meanwhile, or an edited address
            return queryset.none().annotate(alike_rank=Value(0))
        alike = OpenQuestions([self.question]).like(self.question)
        # The question first, then the others by the number of words they share with it.
        rank = Case(
            When(pk=self.question.pk, then=Value(max(alike.values(), default=0) + 1)),
            *[When(pk__in=[pk for pk in alike if alike[pk] == n], then=Value(n))
              for n in set(alike.values())],
            default=Value(0),
        )  # fmt: skip
        return queryset.filter(pk__in=[self.question.pk, *alike]).annotate(alike_rank=rank)


class AnswerEmailFilter(admin.SimpleListFilter):
    """Whether the asker has been emailed the answer; the labels never show who asked."""

    title = _("answer email")
    parameter_name = "answer_email"

    def lookups(self, request, model_admin):
        return AnswerEmail.choices

    def queryset(self, request, queryset):
        if self.value() in AnswerEmail.values:
            return queryset.filter(answer_email=self.value())
        return queryset


class QueueChangeList(ChangeList):
    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        # ?like=: the question, then the most alike (LikeFilter's rank), unless sorted by a column.
        if "alike_rank" in queryset.query.annotations and ORDER_VAR not in self.params:
            return ["-alike_rank", *ordering]
        return ordering
