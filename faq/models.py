import datetime
import hashlib
import re

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from articles.models import Article, Publishable, Topic, forget_former_slugs
from portal import revisions
from portal.markdown import rendered_answer
from portal.markdown_checks import validate_markdown

RESERVED_SLUGS = {"ask", "feed"}  # /faq/ask/ is the question form, /faq/feed/ the feed
# A reader's question: shorter can't be understood (static/js/ask.js reads it from the form);
# longer is more than a question (about 150 words).
QUESTION_MIN_CHARS = 10
QUESTION_MAX_CHARS = 1000


class FaqEntry(Publishable):
    """A question with a reviewed answer. Visibility comes from Publishable.published()."""

    class Language(models.TextChoices):
        """What an entry is written in, as an HTML lang code. Not settings.LANGUAGES: that
        lists the languages of the site's own words, English only, while a moderator may
        answer a reader in Spanish."""

        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")

    question = models.CharField(_("question"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True,
        help_text=_(
            "Part of the address: /faq/your-slug/. Left empty, it is made from the question. "
            "Changed once published, the old address leads here."
        ),
    )  # fmt: skip
    answer = MarkdownxField(
        _("answer"),
        help_text=_("Markdown. Keep it short and plain."),
        validators=[validate_markdown],
    )
    answer_html = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.ENGLISH,
        db_default=Language.ENGLISH,
        help_text=_(
            "What the question and answer are written in. Pages mark a Spanish entry as "
            "Spanish, so screen readers pronounce it in Spanish, and its asker's email says so."
        ),
    )  # fmt: skip
    topics = models.ManyToManyField(Topic, related_name="faq_entries", blank=True)
    related_articles = models.ManyToManyField(
        Article, related_name="faq_entries", blank=True, verbose_name=_("related articles")
    )
    order = models.IntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first within a topic.")
    )

    class Meta:
        ordering = ["order", "question"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self):
        return self.question

    slug_source = "question"
    reserved_slugs = RESERVED_SLUGS
    reader_noun = _("answer")
    content_fields = ("question", "answer")

    def save(self, *args, **kwargs):
        for name, value in rendered_answer(self.answer).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("faq:detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("faq:preview", kwargs={"slug": self.slug})


def answered_by_entry():
    """Answered, and linked to the FAQ entry that answers it."""
    return models.Q(state=SubmittedQuestion.State.ANSWERED, faq_entry__isnull=False)


def answer_email_due():
    """Answered by an FAQ entry, the asker left an email, and it hasn't gone yet: it goes
    once the entry is published (or, if sending failed, on the next retry)."""
    return answered_by_entry() & models.Q(notified_at__isnull=True) & ~models.Q(email="")


class AnswerEmail(models.TextChoices):
    """Where a question's answer email stands, for the moderators' queue."""

    SENT = "sent", _("sent")
    ON_ANSWER = "on_answer", _("to send once answered")
    WAITING = "waiting", _("waiting for the entry to be published")
    RETRYING = "retrying", _("not sent yet (sending is retried)")
    NO_EMAIL = "none", _("no email address")


class SubmittedQuestionQuerySet(models.QuerySet):
    def open(self):
        """New or in review: what the queue is for."""
        return self.exclude(state__in=SubmittedQuestion.CLOSED_STATES)

    def answer_email_due(self):
        return self.filter(answer_email_due())

    def with_answer_email(self):
        """Annotate `answer_email`: an AnswerEmail value, or "" when none will go (closed
        without an FAQ entry: answered without an entry, rejected or spam)."""
        published = models.Q(faq_entry__in=FaqEntry.objects.published())
        return self.annotate(
            answer_email=models.Case(
                models.When(notified_at__isnull=False, then=models.Value(AnswerEmail.SENT)),
                models.When(email="", then=models.Value(AnswerEmail.NO_EMAIL)),
                models.When(
                    answer_email_due() & published, then=models.Value(AnswerEmail.RETRYING)
                ),
                models.When(answer_email_due(), then=models.Value(AnswerEmail.WAITING)),
                models.When(
                    ~models.Q(state__in=SubmittedQuestion.CLOSED_STATES),
                    then=models.Value(AnswerEmail.ON_ANSWER),
                ),
                default=models.Value(""),
            )
        )

    def awaiting_notification(self):
        """Answered by a published FAQ entry, asker left an email, not told yet."""
        return self.answer_email_due().filter(faq_entry__in=FaqEntry.objects.published())

    def correctable(self):
        """Askers emailed an answer who can still be sent the corrected one: answered by a
        published entry (perhaps not the one first emailed), their email still held."""
        return (
            self.filter(answered_by_entry(), notified_at__isnull=False)
            .exclude(email="")
            .filter(faq_entry__in=FaqEntry.objects.published())
        )

    def move_to(self, state, moderator, faq_entry=None):
        """Move these questions to `state` (linked to `faq_entry`, if given), as
        SubmittedQuestion.move_to moves one, in a single UPDATE: each row is judged and written
        as it is then, never written back from a copy read earlier (a question answered
        meanwhile would lose its answer). How many moved."""
        now = timezone.now()
        closed = state in SubmittedQuestion.CLOSED_STATES
        linked = {"faq_entry": faq_entry} if faq_entry is not None else {}
        return self.update(
            state=state,
            moderator=moderator,
            closed_at=Coalesce("closed_at", models.Value(now)) if closed else None,
            updated_at=now,
            **linked,
        )

    def holding_personal_data(self):
        return self.exclude(**SubmittedQuestion.NO_PERSONAL_DATA)

    def without_personal_data(self):
        return self.filter(**SubmittedQuestion.NO_PERSONAL_DATA)

    def forget_personal_data(self):
        """Blank the names and emails of these questions (the questions stay); how many."""
        return self.holding_personal_data().update(
            **SubmittedQuestion.NO_PERSONAL_DATA, personal_data_removed_at=timezone.now()
        )

    def personal_data_expired(self, days, open_days):
        """Still holding a name or an email, and either closed more than `days` ago or left
        open more than `open_days` after it arrived (a queue nobody works must not keep
        askers' details forever)."""
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=days)
        # An asker still to get the answer email keeps their address until it can go: saving
        # a draft answer closes the question, and counting from then would remove the address
        # of someone never told if the draft waits long. So until the email goes such a
        # question counts as open (removed `open_days` after arrival, as the ask form promises
        # when we never answer). Once it has gone, the clock runs from the later of closing
        # and the email, the answer the asker actually got. A question answered without an FAQ
        # entry gets no email from us, so its clock starts when it was closed.
        closed = models.Q(state__in=SubmittedQuestion.CLOSED_STATES) & ~answer_email_due()
        closed_long_ago = (
            closed
            & models.Q(closed_at__lt=cutoff)
            & (models.Q(notified_at__isnull=True) | models.Q(notified_at__lt=cutoff))
        )
        open_too_long = ~closed & models.Q(created_at__lt=now - datetime.timedelta(days=open_days))
        return self.filter(closed_long_ago | open_too_long).holding_personal_data()


def fingerprint(text):
    """Same question, ignoring case, spacing and punctuation: for duplicate detection."""
    normalized = " ".join(re.findall(r"\w+", text.casefold()))
    return hashlib.sha256(normalized.encode()).hexdigest()


class SubmittedQuestion(models.Model):
    """A reader's question. Never shown publicly; moderators answer it, often as an FaqEntry."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        ANSWERED = "answered", _("Answered")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    CLOSED_STATES = (State.ANSWERED, State.REJECTED, State.SPAM)
    # What identifies an asker: kept only as long as the ask form promises (purge_asker_data),
    # removed on request and again after a restore (faq/admin_erasing.py, reapply_erasures),
    # and shown, searched and filtered only for moderators (faq/admin_questions.py). Each of
    # those reads this list; tests/test_retention.py fails on a text field it doesn't classify.
    PERSONAL_FIELDS = ("name", "email")
    NO_PERSONAL_DATA = dict.fromkeys(PERSONAL_FIELDS, "")

    question = models.TextField(_("question"), max_length=QUESTION_MAX_CHARS)
    name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="submitted_questions", verbose_name=_("about the article"),
    )  # fmt: skip
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("moderator"),
    )  # fmt: skip
    closed_at = models.DateTimeField(
        _("closed"), null=True, blank=True,
        help_text=_(
            "When it was answered, rejected or marked spam. Starts the clock for removing the "
            "name and email, except that an asker still to get the answer email keeps them "
            "until it is sent."
        ),
    )  # fmt: skip
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Only moderators see this.")
    )
    faq_entry = models.ForeignKey(
        FaqEntry, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="source_questions", verbose_name=_("FAQ entry"),
        help_text=_("The published answer this question became, if any."),
    )  # fmt: skip
    notified_at = models.DateTimeField(
        _("asker notified"), null=True, blank=True,
        help_text=_("Empty while the answer email is still to be sent (or sending failed)."),
    )  # fmt: skip
    personal_data_removed_at = models.DateTimeField(
        _("name and email removed"), null=True, blank=True, editable=False
    )
    # Set while a sender is emailing the answer (faq.emails): not "sent" until it has gone.
    answer_email_claimed_at = models.DateTimeField(
        _("answer email being sent since"), null=True, blank=True, editable=False
    )

    objects = SubmittedQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]  # the queue: oldest first
        verbose_name = _("reader question")
        verbose_name_plural = _("reader questions")
        permissions = [
            ("moderate_submittedquestion", _("Can moderate reader questions and see asker emails"))
        ]

    def __str__(self):
        # Not the reader's text: __str__ ends up in admin history and breadcrumbs.
        return _("Reader question #%(pk)s") % {"pk": self.pk}

    def save(self, *args, **kwargs):
        self.fingerprint = fingerprint(self.question)
        super().save(*args, **kwargs)

    @property
    def summary(self):
        return Truncator(self.question).chars(90)

    @property
    def is_closed(self):
        return self.state in self.CLOSED_STATES

    @property
    def awaits_answer(self):
        """Open and not linked to an FAQ entry yet: "Answer and publish as FAQ" may answer it."""
        return not self.is_closed and self.faq_entry_id is None

    def record_moderation(self, moderator):
        """Note who moderated it, and start or stop the retention clock to match the state."""
        self.moderator = moderator
        if self.state in self.CLOSED_STATES:
            self.closed_at = self.closed_at or timezone.now()
        else:
            self.closed_at = None

    def move_to(self, state, moderator, faq_entry=None):
        self.state = state
        if faq_entry is not None:
            self.faq_entry = faq_entry
        self.record_moderation(moderator)
        self.save()

    @classmethod
    def forget_expired_personal_data(cls, days, open_days):
        """Blank names and emails that personal_data_expired() picks; returns how many."""
        with transaction.atomic():
            return cls.objects.personal_data_expired(days, open_days).forget_personal_data()


@receiver(pre_delete, sender=FaqEntry)
def reopen_questions_of_deleted_entry(sender, instance, **kwargs):
    """A deleted entry (often a draft) answers nobody. Its questions whose asker wasn't emailed
    go back to the queue as "In review" rather than staying "Answered" with no answer: the
    moderators see them again, and the retention clock stops until they are closed again."""
    SubmittedQuestion.objects.filter(
        faq_entry=instance, state=SubmittedQuestion.State.ANSWERED, notified_at__isnull=True
    ).update(
        state=SubmittedQuestion.State.IN_REVIEW,
        closed_at=None,
        updated_at=timezone.now(),  # a moderator's open page of one then can't save over it
    )


post_delete.connect(forget_former_slugs, sender=FaqEntry)
revisions.connect(FaqEntry)
