"""Moderators triage reader questions in the admin, publish answers, and askers are told."""

import datetime
import html
import re
import smtplib
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client

from faq.emails import notify_askers
from faq.forms import started_token
from faq.models import FaqEntry, SubmittedQuestion
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article, make_faq, make_question, make_topic
from tests.helpers import admin_forms
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

QUEUE = "/admin/faq/submittedquestion/"
# Every state: the bare queue shows and acts on the open questions only.
QUEUE_ALL = QUEUE + "?state__exact=all"
ADD_ENTRY = "/admin/faq/faqentry/add/"


class BrokenMailer(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"someone@example.org": (550, b"no such user")})


def entry_form(**overrides):
    """The admin's entry form, answering the question these tests follow."""
    landlord = {
        "question": "Can a landlord report tenants to immigration?",
        "slug": "landlord-report-immigration",
        "answer": "Anyone can call; **retaliation** may be illegal.",
    }
    return admin_forms.entry_form(**landlord | overrides)


def test_reader_asks_moderator_publishes_faq_shows_it_and_asker_is_told(
    client, moderator, django_capture_on_commit_callbacks
):
    topic = make_topic(name="Housing")
    article = make_article(slug="tenant-rights", topics=[topic])
    reader = Client()
    reader.post(
        "/faq/ask/",
        {
            "question": "Can my landlord call immigration on me?",
            "email": "asker@example.org",
            "article": "tenant-rights",
            "started": started_token(time.time() - 30),
        },
    )
    question = SubmittedQuestion.objects.get()

    client.force_login(moderator)
    index = client.get("/admin/").content.decode()
    assert "1 new reader question is waiting" in index
    queue = client.get(QUEUE).content.decode()
    assert "Can my landlord call immigration on me?" in queue
    page = client.get(f"{QUEUE}{question.pk}/change/").content.decode()
    assert "asker@example.org" in page
    assert f'href="{ADD_ENTRY}?from_question={question.pk}"' in page

    form = client.get(f"{ADD_ENTRY}?from_question={question.pk}").content.decode()
    assert 'value="Can my landlord call immigration on me?"' in form
    assert f'<option value="{article.pk}" selected>' in form
    assert f'<option value="{topic.pk}" selected>' in form

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ADD_ENTRY}?from_question={question.pk}",
            entry_form(topics=[topic.pk], related_articles=[article.pk]),
        )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}{question.pk}/change/"
    # Where the new entry stands for readers is said there too, as after any save.
    assert "Readers can see it now" in client.get(response["Location"]).content.decode()
    entry = FaqEntry.objects.get()
    question.refresh_from_db()
    assert question.state == "answered" and question.faq_entry == entry
    assert question.moderator == moderator and question.closed_at and question.notified_at

    assert "Can a landlord report tenants to immigration?" in reader.get("/faq/").content.decode()
    assert entry.question in reader.get(article.get_absolute_url()).content.decode()

    (message,) = mail.outbox
    assert message.to == ["asker@example.org"]
    assert "http://127.0.0.1:8000/faq/landlord-report-immigration/" in message.body
    assert "Can my landlord call" not in message.body  # the public question, not their words

    # Saving the entry again doesn't email again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/faq/faqentry/{entry.pk}/change/", entry_form(answer="Edited."))
    assert len(mail.outbox) == 1


def test_answering_as_a_new_entry_first_names_published_entries_that_may_answer_it(
    client, moderator
):
    # A story's copies of one question: the second moderator is shown the entry the first wrote.
    entry = make_faq(question="Can a landlord report tenants to immigration?")
    draft = make_faq(question="Can a landlord call immigration?", status=FaqEntry.Status.DRAFT)
    make_faq(question="What is a sanctuary policy?")
    question = make_question(question="Can my landlord call immigration on me?")
    client.force_login(moderator)
    form = client.get(f"{ADD_ENTRY}?from_question={question.pk}").content.decode()
    assert "Published FAQ entries that may already answer this question:" in form
    assert f'<a href="/admin/faq/faqentry/{entry.pk}/change/">{entry.question}</a>' in form
    (published,) = re.findall(r"Published FAQ entries that may already answer[^\n]*", form)
    assert f"/faq/faqentry/{draft.pk}/" not in published and "sanctuary" not in form
    # The draft is named apart, with its state (tests/test_duplicate_answers.py).
    assert f'/faq/faqentry/{draft.pk}/change/">{draft.question}</a> (draft)' in form
    assert "use its “Answer with this entry” button on the question's page" in form
    assert f'<a href="{QUEUE}{question.pk}/change/">back to the question</a>' in form
    assert 'value="Can my landlord call immigration on me?"' in form  # still free to write one

    unrelated = make_question(question="Who decides the police budget?")
    form = client.get(f"{ADD_ENTRY}?from_question={unrelated.pk}").content.decode()
    assert "may already answer" not in form


def test_a_questions_page_offers_entries_that_may_answer_it_and_answers_with_one(
    client, moderator, django_capture_on_commit_callbacks
):
    # A story's hundredth copy of one question: the answer is one press away, not a search.
    entry = make_faq(question="Can a landlord report tenants to immigration?", slug="landlord")
    draft = make_faq(question="Can a landlord call immigration?", status=FaqEntry.Status.DRAFT)
    make_faq(question="What is a sanctuary policy?")
    question = make_question(question="Can my landlord call immigration on me?", email="a@b.org")
    url = f"{QUEUE}{question.pk}/change/"
    client.force_login(moderator)

    page = client.get(url).content.decode()
    assert "Published FAQ entries that may answer it" in page
    assert f'<a href="/admin/faq/faqentry/{entry.pk}/change/"' in page
    assert re.search(rf'<button type="submit" name="_answer_with" value="{entry.pk}"', page)
    assert f'value="{draft.pk}"' not in page and "sanctuary" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(page, "submittedquestion_form") | {
            "_answer_with": [str(entry.pk)],
        })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == QUEUE
    question.refresh_from_db()
    assert (question.state, question.faq_entry) == ("answered", entry)
    assert question.moderator == moderator and question.closed_at and question.notified_at
    (message,) = mail.outbox
    assert message.to == ["a@b.org"] and "/faq/landlord/" in message.body
    # Answered, its page offers nothing more; nor does the page of a question nothing matches.
    assert "may answer it" not in client.get(url).content.decode()
    unrelated = make_question(question="Who decides the police budget?")
    assert "_answer_with" not in client.get(f"{QUEUE}{unrelated.pk}/change/").content.decode()


def test_answering_with_a_suggested_entry_after_another_moderator_answered_keeps_their_answer(
    client, moderator, django_user_model
):
    mine = make_faq(question="Can a landlord report tenants to immigration?")
    theirs = make_faq(question="What can a landlord do about immigration status?")
    question = make_question(question="Can my landlord call immigration on me?")
    url = f"{QUEUE}{question.pk}/change/"
    client.force_login(moderator)
    stale = form_data(client.get(url).content.decode(), "submittedquestion_form")
    other = django_user_model.objects.create_user("other", is_staff=True)
    question.move_to(SubmittedQuestion.State.ANSWERED, other, theirs)

    response = client.post(url, stale | {"_answer_with": [str(mine.pk)]})

    assert response.status_code == 200  # the clash is shown, nothing is written over
    question.refresh_from_db()
    assert (question.faq_entry, question.moderator) == (theirs, other)


def test_answering_with_an_entry_deleted_meanwhile_says_so_and_changes_nothing(client, moderator):
    entry = make_faq(question="Can a landlord report tenants to immigration?")
    question = make_question(question="Can my landlord call immigration on me?")
    url = f"{QUEUE}{question.pk}/change/"
    client.force_login(moderator)
    page = form_data(client.get(url).content.decode(), "submittedquestion_form")
    entry_pk = entry.pk
    entry.delete()

    typed = page | {"internal_note": ["Same as the landlord one."]}
    response = client.post(url, typed | {"_answer_with": [str(entry_pk)]}, follow=True)

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == url  # back on the question, to choose another
    assert "That FAQ entry was deleted after this page was opened." in body
    assert '<option value="new" selected>' in body  # the state as it was, not "Answered"
    question.refresh_from_db()
    assert (question.state, question.faq_entry) == ("new", None)
    assert question.internal_note == "Same as the landlord one."  # what was typed is kept


def test_staff_who_cannot_moderate_are_offered_no_entries_and_cannot_answer_with_one(
    client, django_user_model
):
    entry = make_faq(question="Can a landlord report tenants to immigration?")
    question = make_question(question="Can my landlord call immigration on me?")
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_submittedquestion", "change_submittedquestion"]
        )
    )
    url = f"{QUEUE}{question.pk}/change/"
    client.force_login(clerk)
    assert "may answer it" not in client.get(url).content.decode()
    client.post(url, {"internal_note": "", "_answer_with": entry.pk})
    question.refresh_from_db()
    assert (question.state, question.faq_entry) == ("new", None)


def test_an_entry_started_from_a_readers_question_is_named_by_number_in_the_history(
    client, moderator, editor
):
    # Saved before the moderator rewrote it, the reader's own words (a neighbour's name) would
    # stay in the history for good, the first line of "Recent actions".
    question = make_question(question="My neighbour Jose Ramirez was taken by ICE. What now?")
    client.force_login(moderator)
    client.post(
        f"{ADD_ENTRY}?from_question={question.pk}",
        entry_form(question=question.question, slug="detained-neighbour", status="draft"),
        follow=True,  # past the page with the message naming it
    )
    entry = FaqEntry.objects.get()
    recent = client.get("/admin/").content.decode()
    assert f"FAQ entry #{entry.pk}" in recent and "Jose Ramirez" not in recent
    history = client.get(f"/admin/faq/faqentry/{entry.pk}/history/").content.decode()
    assert "Added." in history
    client.force_login(editor)  # other entries keep their question
    client.post(ADD_ENTRY, entry_form(question="What is a detainer?", slug="detainer"))
    assert "What is a detainer?" in client.get("/admin/").content.decode()


def test_an_answer_started_from_a_question_takes_a_typed_address_not_the_readers_words(
    client, moderator
):
    question = make_question(
        question="My son Luis Ortega was taken by ICE outside Lincoln Elementary. What do I do?"
    )
    add = f"{ADD_ENTRY}?from_question={question.pk}"
    client.force_login(moderator)
    form = client.get(add).content.decode()
    assert 'value="My son Luis Ortega was taken by ICE outside Lincoln Elementary.' in form
    # Nothing fills the address from the question, in the browser or on saving: a moderator
    # publishing before rewriting it would put the child's name and school in a lasting address.
    (slug_input,) = re.findall(r'<input[^>]* name="slug"[^>]*>', form)
    assert "value=" not in slug_input and "required" in slug_input
    assert "#id_slug" not in form  # not prepopulated from the question by the admin's script
    assert "without names or places that could tell who asked" in form  # no digit, no @
    unchanged = entry_form(question=question.question, slug="")
    page = client.post(add, unchanged).content.decode()
    assert "This field is required." in page and not FaqEntry.objects.exists()

    rewritten = entry_form(question="What if ICE detains a child near a school?",
                           slug="ice-detains-child-near-school")  # fmt: skip
    assert client.post(add, rewritten).status_code == 302
    entry = FaqEntry.objects.get()
    assert entry.slug == "ice-detains-child-near-school"
    question.refresh_from_db()
    assert question.faq_entry == entry
    # A new entry not started from a question still takes its slug from its question.
    client.post(ADD_ENTRY, entry_form(question="What is a detainer?", slug=""))
    assert FaqEntry.objects.filter(slug="what-is-a-detainer").exists()


def test_an_entry_answering_a_question_asked_in_spanish_starts_marked_spanish(client, moderator):
    spanish = make_question(question="¿Dónde están las personas detenidas en la redada?")
    english = make_question(question="Where are the people detained in the raid?")
    client.force_login(moderator)
    form = form_data(
        client.get(f"{ADD_ENTRY}?from_question={spanish.pk}").content.decode(), "faqentry_form"
    )
    assert form["language"] == ["es"]
    form |= entry_form(answer="En la cárcel del condado.", language="es")
    assert client.post(f"{ADD_ENTRY}?from_question={spanish.pk}", form).status_code == 302
    assert FaqEntry.objects.get().language == FaqEntry.Language.SPANISH
    form = client.get(f"{ADD_ENTRY}?from_question={english.pk}").content.decode()
    assert form_data(form, "faqentry_form")["language"] == ["en"]


def test_a_draft_answer_notifies_only_once_it_is_published(
    client, moderator, editor, django_capture_on_commit_callbacks
):
    question = make_question(email="asker@example.org")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADD_ENTRY}?from_question={question.pk}", entry_form(status="draft"))
    entry = FaqEntry.objects.get()
    assert SubmittedQuestion.objects.get().faq_entry == entry and not mail.outbox
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/faq/faqentry/{entry.pk}/change/", entry_form())
    assert [m.to for m in mail.outbox] == [["asker@example.org"]]


def test_deleting_a_draft_answer_puts_its_questions_back_in_the_queue(client, moderator, editor):
    question = make_question(email="asker@example.org")
    told = make_question(email="told@example.org")
    client.force_login(moderator)
    client.post(f"{ADD_ENTRY}?from_question={question.pk}", entry_form(status="draft"))
    entry = FaqEntry.objects.get()
    told.move_to(SubmittedQuestion.State.ANSWERED, moderator, faq_entry=entry)
    SubmittedQuestion.objects.filter(pk=told.pk).update(notified_at=told.closed_at)

    client.force_login(editor)
    response = client.post(f"/admin/faq/faqentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not FaqEntry.objects.exists()

    question.refresh_from_db()
    assert question.state == "in_review" and question.faq_entry is None
    assert question.closed_at is None  # no retention clock for a question nobody answered
    told.refresh_from_db()
    assert told.state == "answered"  # the asker was emailed: that stays on record
    client.force_login(moderator)
    page = client.get(f"{QUEUE}{question.pk}/change/").content.decode()
    assert f'href="{ADD_ENTRY}?from_question={question.pk}"' in page


def test_the_entry_form_tells_an_editor_publishing_a_draft_that_askers_are_waiting(
    client, moderator, editor
):
    first = make_question(email="asker@example.org", name="Dana Asker")
    second = make_question()  # no email: nobody to tell
    client.force_login(moderator)
    client.post(f"{ADD_ENTRY}?from_question={first.pk}", entry_form(status="draft"))
    entry = FaqEntry.objects.get()
    second.move_to(SubmittedQuestion.State.ANSWERED, moderator, faq_entry=entry)

    client.force_login(editor)
    page = client.get(f"/admin/faq/faqentry/{entry.pk}/change/").content.decode()
    assert "field-reader_questions" in page
    assert "Answers 2 reader questions; publishing it emails 1 asker." in page
    assert "asker@example.org" not in page and "Dana Asker" not in page
    # An entry that answers no reader question has no such line.
    other = client.get(f"/admin/faq/faqentry/{make_faq().pk}/change/").content.decode()
    assert "field-reader_questions" not in other and "Answers " not in other


def test_mail_failure_never_fails_the_request_is_logged_without_address_and_retried(
    client, moderator, settings, caplog, django_capture_on_commit_callbacks
):
    question = make_question(email="asker@example.org", name="Dana")
    settings.MAILERS = {"default": {"BACKEND": "tests.test_moderation.BrokenMailer"}}
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADD_ENTRY}?from_question={question.pk}", entry_form())
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "answered" and question.notified_at is None
    assert f"reader question {question.pk} failed" in caplog.text
    assert "asker@example.org" not in caplog.text and "someone@" not in caplog.text

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("send_answer_notifications", verbosity=0)
    question.refresh_from_db()
    assert question.notified_at and [m.to for m in mail.outbox] == [["asker@example.org"]]
    call_command("send_answer_notifications", verbosity=0)
    assert len(mail.outbox) == 1


def test_moderators_are_told_of_new_questions_without_the_text(
    settings, django_capture_on_commit_callbacks
):
    settings.FAQ_MODERATOR_EMAILS = ["mods@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/faq/ask/",
            {
                "question": "Private worry about my visa status?",
                "started": started_token(time.time() - 30),
            },
        )
    question = SubmittedQuestion.objects.get()
    (message,) = mail.outbox
    assert message.to == ["mods@example.org"]
    assert f"/admin/faq/submittedquestion/{question.pk}/change/" in message.body
    assert "/admin/faq/submittedquestion/?state__exact=new" in message.body  # "all new ones"
    assert "visa" not in message.body


@pytest.mark.parametrize(
    ("sender", "domain"),
    [
        ("Civic Explainers <desk@news.example.org>", "news.example.org"),
        ("aviso@educación.example", "xn--educacin-13a.example"),  # as the mail server needs it
    ],
)
def test_emails_name_the_senders_domain_in_their_message_id(settings, sender, domain):
    # Not the machine's name ("localhost" on many servers), which spam filters count against.
    settings.DEFAULT_FROM_EMAIL = sender
    settings.SITE_NAME = "Civic & Legal Explainers"
    make_question(email="asker@example.org", state="answered", faq_entry=make_faq())
    assert notify_askers() == 1
    (message,) = mail.outbox
    sent = message.message()
    sent.as_bytes()  # what the SMTP backend sends: a domain it can't encode failed every email
    assert re.fullmatch(rf"<[^@<>]+@{re.escape(domain)}>", sent["Message-ID"])
    assert message.subject == "Your question has been answered on Civic & Legal Explainers"


def test_moderator_email_failure_still_thanks_the_reader(
    settings, django_capture_on_commit_callbacks
):
    settings.FAQ_MODERATOR_EMAILS = ["mods@example.org"]
    settings.MAILERS = {"default": {"BACKEND": "tests.test_moderation.BrokenMailer"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/faq/ask/",
            {"question": "Does this still get saved?", "started": started_token(time.time() - 30)},
        )
    assert response.status_code == 302 and SubmittedQuestion.objects.exists()


def test_queue_is_oldest_first_with_filters(client, moderator):
    housing, courts = make_topic(name="Housing"), make_topic(name="Courts")
    on_housing = make_article(topics=[housing])
    newer = make_question(question="Newer question about rent?", article=on_housing)
    older = make_question(question="Older question about courts?")
    older.created_at = newer.created_at - datetime.timedelta(days=365)  # safe on 29 February
    older.save()
    make_question(question="Already spam question here", state="spam")
    client.force_login(moderator)
    body = client.get(QUEUE).content.decode()
    assert body.index("Older question") < body.index("Newer question")
    body = client.get(QUEUE, {"state__exact": "new"}).content.decode()
    assert "Already spam" not in body and "Older question" in body
    body = client.get(QUEUE, {"article__topics__id__exact": housing.pk}).content.decode()
    assert "Newer question" in body and "Older question" not in body
    body = client.get(QUEUE, {"article__id__exact": on_housing.pk}).content.decode()
    assert "Newer question" in body and "Older question" not in body
    # A topic without questions is simply an empty filter.
    body = client.get(QUEUE, {"article__topics__id__exact": courts.pk}).content.decode()
    assert "Newer question" not in body and "Older question" not in body


def test_queue_opens_on_open_questions_and_every_state_is_a_click_away(client, moderator):
    states = ["new", "in_review", "answered", "rejected", "spam"]
    for state in states:
        make_question(question=f"A question now {state}?", state=state, email="dana@ex.org")
    client.force_login(moderator)

    def listed(**params):
        page = client.get(QUEUE, params).content.decode()
        return {state for state in states if f"now {state}?" in page}

    assert listed() == {"new", "in_review"}
    assert listed(o="-5", p="1", _facets="True") == {"new", "in_review"}  # sorted, paged, counted
    filters = re.sub(r"\s*\n\s*", "", client.get(QUEUE).content.decode())
    assert '<li class="selected"><a href="?state__exact=open">Open: new or in review</a>' in filters
    assert '<li><a href="?state__exact=all">All</a></li>' in filters
    assert '2 results (<a href="?state__exact=all">5 total</a>)' in filters  # not the same page
    assert listed(state__exact="all") == set(states)
    assert listed(state__exact="spam") == {"spam"}
    assert listed(state__exact="new") == {"new"}  # the moderators' alert email links here
    # A search or another filter looks through every state unless a state is picked too: an
    # asker's questions are all found, and "not sent yet" is about answered questions.
    assert len(listed(q="dana@ex.org")) == 5
    filters = re.sub(r"\s*\n\s*", "", client.get(QUEUE, {"q": "dana"}).content.decode())
    assert '<li class="selected"><a href="?q=dana&amp;state__exact=all">All</a>' in filters
    assert len(listed(answer_email="on_answer")) == 2  # new and in review: emailed once answered
    assert listed(answer_email="none", state__exact="open") == set()
    assert len(listed(created_at__gte="2000-01-01 00:00:00+00:00")) == 5


def test_sending_answer_emails_from_the_open_questions_says_where_answered_ones_are(
    client, moderator
):
    answered = make_question(
        email="asker@example.org", state="answered", faq_entry=make_faq(), closed_at=None
    )
    waiting = make_question(email="other@example.org")
    client.force_login(moderator)
    picked = {"action": "send_notifications", "_selected_action": [answered.pk, waiting.pk]}
    body = client.post(QUEUE, picked, follow=True).content.decode()  # the open questions only
    assert "none is selected. Choose “Answered” or “All” under “By state”" in body
    assert not mail.outbox
    body = client.post(QUEUE_ALL, picked, follow=True).content.decode()
    assert "1 email sent." in body and "none is selected" not in body
    assert [m.to for m in mail.outbox] == [["asker@example.org"]]


def test_queue_filter_by_article_reads_naturally(client, moderator):
    make_question(article=make_article())
    client.force_login(moderator)
    body = client.get(QUEUE).content.decode()
    assert "By article" in body and "By about the article" not in body


@pytest.mark.parametrize("action, state", [("mark_spam", "spam"), ("reject", "rejected")])
def test_bulk_actions_close_questions(client, moderator, action, state):
    picked = [make_question(), make_question()]
    untouched = make_question()
    client.force_login(moderator)
    response = client.post(
        QUEUE_ALL, {"action": action, "_selected_action": [q.pk for q in picked], "index": 0}
    )
    assert response.status_code == 302
    for question in picked:
        question.refresh_from_db()
        assert question.state == state and question.closed_at and question.moderator == moderator
    untouched.refresh_from_db()
    assert untouched.state == "new" and untouched.closed_at is None


def test_the_queue_shows_and_filters_where_each_answer_email_stands(client, moderator):
    published, draft = make_faq(), make_faq(status=FaqEntry.Status.DRAFT)
    answered = {"state": "answered", "email": "asker@example.org"}
    questions = {
        "sent": make_question(faq_entry=published, notified_at=published.published_at, **answered),
        "waiting": make_question(faq_entry=draft, **answered),
        "retrying": make_question(faq_entry=published, **answered),
        "none": make_question(),
        "on_answer": make_question(email="later@example.org"),
    }
    closed_without_entry = make_question(state="rejected", email="no@example.org")
    client.force_login(moderator)
    queue = client.get(QUEUE_ALL).content.decode()
    for label in [
        "By answer email",
        '<td class="field-answer_email">sent</td>',
        '<td class="field-answer_email">waiting for the entry to be published</td>',
        '<td class="field-answer_email">not sent yet (sending is retried)</td>',
        '<td class="field-answer_email">no email address</td>',
        '<td class="field-answer_email">to send once answered</td>',
        '<td class="field-answer_email">—</td>',
    ]:
        assert label in queue
    for value, question in questions.items():
        page = client.get(QUEUE, {"answer_email": value}).content.decode()
        shown = {q.pk for q in [*questions.values(), closed_without_entry] if q.summary in page}
        assert shown == {question.pk}, value


def test_staff_who_cannot_see_emails_get_no_answer_email_column_or_filter(
    client, django_user_model
):
    make_question(email="asker@example.org")
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_submittedquestion"))
    client.force_login(viewer)
    queue = client.get(QUEUE).content.decode()
    assert "answer email" not in queue.lower() and "field-answer_email" not in queue


def test_moderators_find_an_askers_questions_by_name_or_email_others_cannot(
    client, moderator, django_user_model
):
    make_question(question="Where do I renew my permit?", name="Dana Asker", email="dana@ex.org")
    make_question(question="Who runs the county jail?", name="Sam", email="sam@example.org")
    client.force_login(moderator)
    for term in ["dana@ex.org", "Dana Asker", "DANA@EX"]:
        page = client.get(QUEUE, {"q": term}).content.decode()
        assert "Where do I renew my permit?" in page and "county jail" not in page, term

    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_submittedquestion"))
    client.force_login(viewer)
    for term in ["dana@ex.org", "Dana"]:
        assert "renew my permit" not in client.get(QUEUE, {"q": term}).content.decode(), term
    # Nor through a filter typed into the address: the count would tell who asked.
    for lookup in [
        {"email__startswith": "dana"}, {"email": "dana@ex.org"}, {"name__icontains": "dana"},
        {"answer_email": "none"},
    ]:  # fmt: skip
        response = client.get(QUEUE, lookup)
        assert response.status_code == 400 and "renew my permit" not in response.content.decode()


def test_editors_cant_learn_of_readers_questions_through_the_articles_and_faq_lists(
    client, editor, moderator
):
    article, entry = make_article(slug="bail"), make_faq(slug="bail-faq")
    asked = make_question(question="How does bail work?", article=article, faq_entry=entry)
    ask_about = {
        "/admin/articles/article/": {"submitted_questions__id": asked.pk},
        "/admin/faq/faqentry/": {"source_questions__id__gt": 0},
    }
    client.force_login(editor)
    for url, lookup in ask_about.items():
        assert client.get(url).status_code == 200
        assert client.get(url, lookup).status_code == 400, url  # which page a reader asked of
    editor.groups.add(Group.objects.get(name="Moderators"))  # moderates too: may look
    for url, lookup in ask_about.items():
        response = client.get(url, lookup)
        assert response.status_code == 200 and response.context["cl"].result_count == 1, url


def test_moderators_remove_an_askers_name_and_email_on_request(client, moderator, settings):
    theirs = make_question(question="Where do I renew my permit?", name="Dana", email="d@ex.org")
    other = make_question(name="Sam", email="sam@example.org")
    client.force_login(moderator)
    removal = {"action": "remove_personal_data", "_selected_action": [theirs.pk]}
    # First a page naming whose details go: a row ticked by mistake shows here, while nothing
    # is lost yet (the removal can't be undone, and a restore repeats it).
    confirm = client.post(QUEUE_ALL, removal)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Where do I renew my permit?" in page and "Dana" in page and "d@ex.org" in page
    assert 'value="Yes, remove them"' in page and "sam@example.org" not in page
    theirs.refresh_from_db()
    assert (theirs.name, theirs.email) == ("Dana", "d@ex.org")
    assert not settings.ERASURE_LOG.exists()

    response = client.post(QUEUE_ALL, {**removal, "apply": "yes"}, follow=True)
    assert "Name and email removed from 1 question." in response.content.decode()
    assert len(settings.ERASURE_LOG.read_text().splitlines()) == 1
    theirs.refresh_from_db()
    other.refresh_from_db()
    assert (theirs.name, theirs.email) == ("", "") and theirs.personal_data_removed_at
    assert theirs.question == "Where do I renew my permit?"  # the question stays
    assert (other.name, other.email) == ("Sam", "sam@example.org")
    # Its history shows the request was carried out, by whom, and never what was removed.
    history = client.get(f"{QUEUE}{theirs.pk}/history/").content.decode()
    assert "Name and email removed." in history and "moderator" in history
    assert "d@ex.org" not in history and "Dana" not in history
    assert (
        "Name and email removed." not in client.get(f"{QUEUE}{other.pk}/history/").content.decode()
    )


def test_moderators_delete_a_question_whose_asker_regrets_its_details(client, moderator, settings):
    regretted = make_question(question="Detained at 12 Elm St, A-number 123456789. What now?")
    other = make_question()
    client.force_login(moderator)
    confirm = client.post(
        QUEUE_ALL, {"action": "delete_selected", "_selected_action": [regretted.pk]}
    )
    assert "Are you sure" in confirm.content.decode()  # a confirmation page first
    client.post(
        QUEUE_ALL,
        {"action": "delete_selected", "_selected_action": [regretted.pk], "post": "yes",
         "delete_reason": "asker"},
    )  # fmt: skip
    assert list(SubmittedQuestion.objects.all()) == [other]
    # Done again after a restore from an older backup (test_retention.py).
    assert f" deleted {regretted.pk} " in settings.ERASURE_LOG.read_text()


def test_a_delete_confirmation_shows_which_questions_go_and_asks_why(client, moderator):
    # Each question's name is only its number: the moderator must see what was asked to tell
    # a slip from the question they meant.
    first = make_question(question="Can the sheriff hold me for ICE without a warrant?")
    second = make_question(question="Where is the nearest polling place?")
    client.force_login(moderator)
    deletion = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}
    for page in [
        client.post(QUEUE_ALL, deletion).content.decode(),
        client.get(f"{QUEUE}{first.pk}/delete/").content.decode(),
    ]:
        assert "Can the sheriff hold me for ICE without a warrant?" in page
        assert 'name="delete_reason" value="asker"' in page and "Mark as spam" in page
    assert (
        "Where is the nearest polling place?" in client.post(QUEUE_ALL, deletion).content.decode()
    )

    # Confirmed without saying why: nothing is deleted, and the page says so.
    for response in [
        client.post(QUEUE_ALL, {**deletion, "post": "yes"}),
        client.post(f"{QUEUE}{first.pk}/delete/", {"post": "yes"}),
    ]:
        assert response.status_code == 200
        assert "Nothing was deleted." in response.content.decode()
    assert SubmittedQuestion.objects.count() == 2


def test_answering_a_question_with_personal_details_warns_before_they_are_published(
    client, moderator
):
    client.force_login(moderator)
    for text, warned in [
        ("ICE took my brother, A-number 123 456 789. Where is he held?", True),
        ("Write to me at ana@example.org: can I visit him?", True),
        ("What does 287(g) mean for my county?", False),  # a law's number, not a person's
    ]:
        question = make_question(question=text)
        form = client.get(f"{ADD_ENTRY}?from_question={question.pk}").content.decode()
        assert ("may hold personal details" in form) is warned, text


@pytest.mark.parametrize(
    "action", ["mark_in_review", "mark_answered_without_entry", "reject", "mark_spam"]
)
@pytest.mark.parametrize("state", ["answered", "in_review"])  # in review: reopened on its page
def test_bulk_actions_leave_questions_linked_to_an_faq_entry_alone_and_say_so(
    client, moderator, action, state
):
    # Answered "without a new FAQ entry", a reopened question would still email its asker.
    entry = make_faq()
    closed_at = entry.published_at if state == "answered" else None
    answered = make_question(
        email="asker@example.org", state=state, faq_entry=entry, closed_at=closed_at
    )
    before = SubmittedQuestion.objects.values().get(pk=answered.pk)
    others = [
        make_question(),
        make_question(state="answered"),
    ]  # the second answered without an entry
    client.force_login(moderator)
    response = client.post(
        QUEUE_ALL,
        {"action": action, "_selected_action": [answered.pk, *[q.pk for q in others]]},
        follow=True,
    )
    assert SubmittedQuestion.objects.values().get(pk=answered.pk) == before
    page = response.content.decode()
    assert "2 questions are now" in page
    assert "1 question was left as it is because an FAQ entry is linked to it." in page


def test_moderator_changes_state_and_note_in_the_form(client, moderator):
    question = make_question(email="asker@example.org")
    client.force_login(moderator)
    response = client.post(
        f"{QUEUE}{question.pk}/change/",
        {"state": "in_review", "internal_note": "Checking with the clerk.", "faq_entry": ""},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "in_review" and question.internal_note == "Checking with the clerk."
    assert question.moderator == moderator and question.closed_at is None
    assert question.email == "asker@example.org"  # not editable, so untouched


def test_answering_in_the_questions_own_form_emails_the_asker(
    client, moderator, django_capture_on_commit_callbacks
):
    entry = make_faq(slug="film-the-police")
    question = make_question(email="asker@example.org")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{QUEUE}{question.pk}/change/",
            {"state": "answered", "internal_note": "", "faq_entry": entry.pk},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["asker@example.org"]
    assert "/faq/film-the-police/" in message.body
    question.refresh_from_db()
    assert question.faq_entry == entry and question.notified_at


@TRANSACTIONAL  # the message comes once the save has committed and the email has gone
def test_an_answer_emailed_with_the_wrong_entry_is_corrected_in_a_confirmed_step(client, moderator):
    wrong = make_faq(question="How do police and sheriffs differ?", slug="police-sheriff")
    right = make_faq(question="What do I do if ICE detains my child?", slug="ice-detains-child")
    question = make_question(email="dana@example.org")
    url = f"{QUEUE}{question.pk}/change/"
    client.force_login(moderator)

    answered = client.post(url, {"state": "answered", "faq_entry": wrong.pk}, follow=True)
    assert "The answer email was sent to the asker." in answered.content.decode()
    (first,) = mail.outbox
    assert "/faq/police-sheriff/" in first.body and "dana@example.org" not in (
        answered.content.decode()
    )

    # Choosing the right entry sends nothing by itself, but says so and offers the correction.
    changed = client.post(url, {"state": "answered", "faq_entry": right.pk}, follow=True)
    page = changed.content.decode()
    correct = f"{QUEUE}{question.pk}/correct-answer/"
    assert "The asker was already emailed an answer" in page and f'href="{correct}"' in page
    assert len(mail.outbox) == 1

    confirm = client.get(correct).content.decode()
    assert "dana@example.org" in confirm and 'href="/faq/ice-detains-child/"' in confirm
    assert len(mail.outbox) == 1
    shown = {
        name: re.search(rf'name="{name}" value="([^"]+)"', confirm)[1]
        for name in ("emailed_at", "faq_entry")
    }
    # Its email removed, or its entry changed, meanwhile: nothing goes.
    SubmittedQuestion.objects.filter(pk=question.pk).update(faq_entry=wrong)
    stale = client.post(correct, shown, follow=True)
    assert "so nothing more was sent" in stale.content.decode() and len(mail.outbox) == 1
    SubmittedQuestion.objects.filter(pk=question.pk).update(faq_entry=right)
    done = client.post(correct, shown, follow=True)
    assert "The corrected answer was emailed to the asker." in done.content.decode()
    # A second click on the same page (or a second moderator's) sends nothing more.
    again = client.post(correct, shown, follow=True)
    assert "so nothing more was sent" in again.content.decode()
    (_, corrected) = mail.outbox
    assert corrected.to == ["dana@example.org"] and "/faq/ice-detains-child/" in corrected.body
    assert "wrong link" in corrected.body and "only email" not in corrected.body
    assert corrected.subject.startswith("Corrected answer")
    assert (
        "Corrected answer emailed." in client.get(f"{QUEUE}{question.pk}/history/").content.decode()
    )


def test_linking_an_entry_to_an_answered_question_records_who_linked_it(
    client, moderator, django_user_model, django_capture_on_commit_callbacks
):
    # Answered earlier without an entry (the bulk action) by another moderator; an entry
    # published later is linked without touching the state.
    earlier = django_user_model.objects.create_user("first-moderator", is_staff=True)
    earlier.groups.add(Group.objects.get(name="Moderators"))
    question = make_question(email="asker@example.org")
    question.move_to(SubmittedQuestion.State.ANSWERED, earlier)
    closed_at = question.closed_at
    entry = make_faq()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{QUEUE}{question.pk}/change/",
            {"state": "answered", "internal_note": "", "faq_entry": entry.pk},
        )
    question.refresh_from_db()
    assert question.faq_entry == entry and question.moderator == moderator
    assert question.closed_at == closed_at  # the retention clock runs from the first close
    assert [m.to for m in mail.outbox] == [["asker@example.org"]]


def test_staff_who_may_change_questions_but_not_moderate_cannot_change_state_note_or_answer(
    client, django_user_model
):
    question = make_question(email="asker@example.org")
    entry = make_faq()
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_submittedquestion", "change_submittedquestion"]
        )
    )
    client.force_login(clerk)
    response = client.post(
        f"{QUEUE}{question.pk}/change/",
        {"state": "rejected", "internal_note": "Not for us.", "faq_entry": entry.pk},
    )
    assert response.status_code == 302  # saved: the fields were read-only, not refused
    question.refresh_from_db()
    assert (question.state, question.internal_note, question.faq_entry) == ("new", "", None)
    assert question.moderator is None and question.closed_at is None


def test_editors_cannot_see_the_queue_or_emails(client, editor):
    question = make_question(email="asker@example.org")
    client.force_login(editor)
    assert client.get(QUEUE).status_code == 403
    assert client.get(f"{QUEUE}{question.pk}/change/").status_code == 403
    spam = {"action": "mark_spam", "_selected_action": [question.pk]}
    assert client.post(QUEUE, spam).status_code == 403
    assert "new reader question" not in client.get("/admin/").content.decode()
    # They manage FAQ entries, but ?from_question doesn't let them touch questions.
    form = client.get(f"{ADD_ENTRY}?from_question={question.pk}").content.decode()
    assert "What does reader question" not in form
    client.post(f"{ADD_ENTRY}?from_question={question.pk}", entry_form())
    assert FaqEntry.objects.exists()
    question.refresh_from_db()
    assert question.state == "new" and question.faq_entry is None


def test_staff_without_moderation_rights_see_no_emails_and_cannot_act(client, django_user_model):
    question = make_question(email="asker@example.org", name="Dana Asker")
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_submittedquestion"))
    client.force_login(viewer)
    page = client.get(f"{QUEUE}{question.pk}/change/").content.decode()
    assert question.question in page
    assert "asker@example.org" not in page and "Dana Asker" not in page
    queue = client.get(QUEUE).content.decode()
    assert "mark_spam" not in queue and "asker@example.org" not in queue
    client.post(QUEUE_ALL, {"action": "mark_spam", "_selected_action": [question.pk], "index": 0})
    question.refresh_from_db()
    assert question.state == "new"


def test_anonymous_cannot_reach_faq_admin(client):
    question, entry = make_question(), make_faq()
    for url in [
        QUEUE,
        f"{QUEUE}{question.pk}/change/",
        "/admin/faq/faqentry/",
        f"/admin/faq/faqentry/{entry.pk}/change/",
        f"{ADD_ENTRY}?from_question={question.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    response = client.post(QUEUE_ALL, {"action": "mark_spam", "_selected_action": [question.pk]})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.state == "new"


def test_nobody_adds_questions_in_the_admin(admin_client):
    assert admin_client.get("/admin/faq/submittedquestion/add/").status_code == 403


def test_editor_manages_entries_with_preview_ordering_filters_and_search(client, editor):
    make_faq(question="Alpha question?", order=2)
    make_faq(question="Beta question?", order=1, status=FaqEntry.Status.DRAFT)
    client.force_login(editor)
    body = client.get("/admin/faq/faqentry/").content.decode()
    assert body.index("Beta question?") < body.index("Alpha question?")
    assert 'name="form-0-order"' in body  # ordering is editable in the list
    filtered = client.get("/admin/faq/faqentry/", {"status__exact": "draft"}).content.decode()
    assert "Beta question?" in filtered and "Alpha question?" not in filtered
    found = client.get("/admin/faq/faqentry/", {"q": "Alpha"}).content.decode()
    assert "Alpha question?" in found and "Beta question?" not in found
    add = client.get(ADD_ENTRY).content.decode()
    assert "markdownx" in add  # the live-preview editor
    preview = client.post("/admin/markdownx/markdownify/", {"content": "**hi**"})
    assert preview.content.decode() == "<p><strong>hi</strong></p>"


@pytest.mark.parametrize("state", ["rejected", "spam", "answered"])
def test_a_stale_answer_link_never_reopens_a_closed_question(client, moderator, state):
    question = make_question(question="My neighbour was detained, what now?", state=state)
    client.force_login(moderator)
    url = f"{ADD_ENTRY}?from_question={question.pk}"
    assert "My neighbour was detained" not in client.get(url).content.decode()
    assert client.post(url, entry_form()).status_code == 200
    assert not FaqEntry.objects.exists()
    question.refresh_from_db()
    assert question.state == state and question.faq_entry is None


@pytest.mark.parametrize(
    "state, note", [("rejected", "is closed: Rejected."), ("spam", "is closed: Spam.")]
)
def test_an_answer_link_for_a_closed_question_says_so_before_anything_is_typed(
    client, moderator, state, note
):
    question = make_question(state=state)
    client.force_login(moderator)
    page = client.get(f"{ADD_ENTRY}?from_question={question.pk}").content.decode()
    assert (
        f'<a href="{QUEUE}{question.pk}/change/">Reader question #{question.pk}</a> {note}' in page
    )
    assert "Saving this form makes a separate FAQ entry, not linked to it." in page
    # The note has told them: the form itself makes a plain entry, its address still typed.
    assert f'action="{ADD_ENTRY}?typed_slug=1"' in page


def test_a_second_tab_answering_the_same_question_is_told_and_keeps_its_text(client, moderator):
    question = make_question(email="asker@example.org")
    client.force_login(moderator)
    url = f"{ADD_ENTRY}?from_question={question.pk}"
    client.get(url)  # two tabs open the same answer form
    client.get(url)
    assert client.post(url, entry_form()).status_code == 302
    first = FaqEntry.objects.get()

    second_tab = entry_form(question="Can my landlord tell ICE?", slug="landlord-tell-ice")
    response = client.post(url, second_tab)
    assert response.status_code == 200 and FaqEntry.objects.count() == 1
    page = response.content.decode()
    assert (
        f'is already answered by the FAQ entry <a href="/admin/faq/faqentry/{first.pk}/change/">'
        f"{first.question}</a>" in page
    )
    assert "Nothing was saved. Save again to make a separate FAQ entry" in page
    assert 'value="Can my landlord tell ICE?"' in page  # everything typed is still there
    assert f'action="{ADD_ENTRY}?typed_slug=1"' in page

    # Saving again, now knowingly, makes a separate entry; the question keeps its answer. Its
    # address is still typed, never made from a question that may be the reader's words.
    again = client.post(f"{ADD_ENTRY}?typed_slug=1", second_tab | {"slug": ""})
    assert again.status_code == 200 and FaqEntry.objects.count() == 1
    assert client.post(f"{ADD_ENTRY}?typed_slug=1", second_tab).status_code == 302
    assert FaqEntry.objects.count() == 2
    question.refresh_from_db()
    assert question.faq_entry == first


@pytest.mark.parametrize("value", ["99999999999999999999", "1e3", "-1", "\x00"])
def test_an_answer_link_with_a_junk_question_id_opens_an_empty_form(client, moderator, value):
    # The questions a lenient reading of the junk would reach ("-1" as 1, "1e3" as 1000):
    # neither may fill the form or be named above it.
    make_question(pk=1, state="spam")
    make_question(pk=1000, question="Who else can read my immigration file?")
    client.force_login(moderator)
    response = client.get(ADD_ENTRY, {"from_question": value})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Reader question #" not in page
    assert "immigration file" not in page
    (question_input,) = re.findall(r'<input[^>]* name="question"[^>]*>', page)
    assert "value=" not in question_input


def answer_with(client, questions, **extra):
    return client.post(
        QUEUE_ALL,
        {"action": "answer_with_entry", "_selected_action": [q.pk for q in questions], **extra},
        follow=True,
    )


def test_many_copies_of_one_question_are_answered_with_one_entry_in_one_step(client, moderator):
    # A story's duplicates: one action links them all, and each asker with an email hears back.
    entry = make_faq(question="Will the city lose federal grants?", slug="federal-grants")
    copies = [
        make_question(question="Will we lose grants?", email="one@example.org"),
        make_question(question="Grants at risk??", email=""),
        make_question(question="Is federal money at stake?", email="two@example.org"),
    ]
    linked = make_question(email="three@example.org", state="in_review", faq_entry=make_faq())
    untouched = make_question()
    client.force_login(moderator)

    page = answer_with(client, [*copies, linked])
    body = page.content.decode()
    assert page.status_code == 200 and not mail.outbox
    assert "Choose the FAQ entry that answers these 4 questions:" in body
    assert "Grants at risk??" in body and 'name="faq_entry"' in body

    done = answer_with(client, [*copies, linked], apply="yes", faq_entry=entry.pk)
    body = done.content.decode()
    assert "3 questions are now answered with “Will the city lose federal grants?”." in body
    assert "1 question was left as it is because an FAQ entry is linked to it." in body
    assert "2 emails sent." in body
    assert sorted(m.to for m in mail.outbox) == [["one@example.org"], ["two@example.org"]]
    assert all("/faq/federal-grants/" in m.body for m in mail.outbox)
    for question in copies:
        question.refresh_from_db()
        assert question.state == "answered" and question.faq_entry == entry
        assert question.moderator == moderator and question.closed_at
    for question, state in [(linked, "in_review"), (untouched, "new")]:
        question.refresh_from_db()
        assert question.state == state and question.faq_entry != entry
    # Each answered question's history says who answered it, and with what.
    history = client.get(f"{QUEUE}{copies[0].pk}/history/").content.decode()
    assert (
        "Answered from the list with the FAQ entry “Will the city lose federal grants?” "
        "(was “New”)."
    ) in history


def test_copies_of_one_question_are_offered_the_entries_most_of_them_match(client, moderator):
    grants = make_faq(question="Will the city lose federal grants?", slug="federal-grants")
    detainers = make_faq(question="Does the jail honor immigration detainers?")
    copies = [
        make_question(question="Will we lose federal grants?", email="one@example.org"),
        make_question(question="Are the city's federal grants at risk?"),
        make_question(question="Does the jail hold people on immigration detainers?"),
    ]
    client.force_login(moderator)

    page = answer_with(client, copies).content.decode()
    assert "Published FAQ entries that may answer them" in page
    offered = re.findall(r'name="_answer_with" value="(\d+)"', page)
    assert offered == [str(grants.pk), str(detainers.pk)]  # two of three copies first

    done = answer_with(client, copies, apply="yes", _answer_with=grants.pk)
    assert "3 questions are now answered with “Will the city lose federal grants?”." in (
        done.content.decode()
    )
    assert [m.to for m in mail.outbox] == [["one@example.org"]]
    for question in copies:
        question.refresh_from_db()
        assert question.faq_entry == grants


def test_answering_copies_with_a_draft_entry_emails_them_once_it_is_published(client, moderator):
    entry = make_faq(status=FaqEntry.Status.DRAFT, question="Can ICE enter schools?")
    copy = make_question(email="asker@example.org")
    client.force_login(moderator)
    done = answer_with(client, [copy], apply="yes", faq_entry=entry.pk)
    assert "written to once “Can ICE enter schools?” is published" in done.content.decode()
    assert not mail.outbox
    copy.refresh_from_db()
    assert copy.state == "answered" and copy.faq_entry == entry and copy.notified_at is None


@pytest.mark.parametrize("chosen", ["", "999999", "abc"])
def test_answering_copies_without_a_usable_entry_asks_again_and_changes_nothing(
    client, moderator, chosen
):
    copy = make_question()
    client.force_login(moderator)
    page = answer_with(client, [copy], apply="yes", faq_entry=chosen)
    body = page.content.decode()
    assert page.status_code == 200 and "Choose the FAQ entry that answers this question:" in body
    assert 'class="errorlist' in body
    copy.refresh_from_db()
    assert copy.state == "new" and copy.faq_entry is None


def test_bulk_moves_say_what_each_question_was_and_lead_back_to_exactly_those(client, moderator):
    # A header box ticked by mistake: the moved questions leave the queue, among real spam.
    new, reviewed = make_question(), make_question(state="in_review")
    spam, untouched = make_question(state="spam"), make_question()
    client.force_login(moderator)
    done = client.post(
        QUEUE, {"action": "mark_spam", "_selected_action": [new.pk, reviewed.pk], "index": 0},
        follow=True,
    )  # fmt: skip
    (link,) = re.findall(r'2 questions are now “Spam”. <a href="([^"]+)">', done.content.decode())
    shown = client.get(html.unescape(link)).context["cl"].result_list
    assert sorted(q.pk for q in shown) == [new.pk, reviewed.pk]  # not the real spam
    for question, was in [(new, "New"), (reviewed, "In review")]:
        history = client.get(f"{QUEUE}{question.pk}/history/").content.decode()
        assert f"Marked as “Spam” from the list (was “{was}”)." in history
        assert "moderator" in history
    assert {spam.pk, untouched.pk}.isdisjoint(q.pk for q in shown)


def test_choosing_an_entry_on_a_new_questions_page_answers_it(
    client, moderator, django_capture_on_commit_callbacks
):
    # Left "New", it stayed in the queue, skipped by every bulk action, its asker never told.
    entry = make_faq()
    question = make_question(email="asker@example.org")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{QUEUE}{question.pk}/change/",
            {"state": "new", "internal_note": "", "faq_entry": entry.pk},
            follow=True,
        )
    assert "Marked as answered, since an FAQ entry now answers it." in response.content.decode()
    question.refresh_from_db()
    assert question.state == "answered" and question.closed_at and question.notified_at
    assert [m.to for m in mail.outbox] == [["asker@example.org"]]


def test_a_questions_page_names_its_moderator_without_a_link_they_cannot_open(client, moderator):
    question = make_question()
    question.move_to(SubmittedQuestion.State.IN_REVIEW, moderator)
    client.force_login(moderator)
    body = client.get(f"{QUEUE}{question.pk}/change/").content.decode()
    assert re.search(r"Moderator:</label>\s*<div class=\"readonly\">moderator</div>", body)
    assert "/admin/auth/user/" not in body


def test_answering_copies_with_an_entry_leaves_spam_and_rejected_ones_alone(client, moderator):
    # Select-all on the whole queue must not email the addresses spammers typed in.
    entry = make_faq()
    copy = make_question(email="reader@example.org")
    spam = make_question(email="victim@example.org", state="spam")
    rejected = make_question(email="other@example.org", state="rejected")
    client.force_login(moderator)
    done = answer_with(client, [copy, spam, rejected], apply="yes", faq_entry=entry.pk)
    body = done.content.decode()
    assert "1 question is now answered with" in body
    assert "2 rejected or spam questions were left as they are" in body
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    for question, state in [(spam, "spam"), (rejected, "rejected")]:
        question.refresh_from_db()
        assert question.state == state and question.faq_entry is None


def test_a_state_chosen_with_the_entry_on_a_questions_page_is_kept(client, moderator):
    entry = make_faq()
    question = make_question()
    client.force_login(moderator)
    client.post(
        f"{QUEUE}{question.pk}/change/",
        {"state": "in_review", "internal_note": "", "faq_entry": entry.pk},
    )
    question.refresh_from_db()
    assert question.state == "in_review" and question.faq_entry == entry


def test_the_send_action_says_when_the_mail_server_is_not_answering(client, moderator, monkeypatch):
    import faq.emails

    answered = make_question(
        email="asker@example.org", state="answered", faq_entry=make_faq(), closed_at=None
    )
    monkeypatch.setattr(faq.emails, "_mail_paused_until", float("inf"))
    client.force_login(moderator)
    response = client.post(
        QUEUE_ALL, {"action": "send_notifications", "_selected_action": [answered.pk]}, follow=True
    )
    body = response.content.decode()
    assert "0 emails sent." in body and "The mail server isn&#x27;t answering" in body
    assert not mail.outbox


def test_a_question_asked_in_spanish_is_answered_in_spanish_first():
    entry = make_faq(question="Can police enter my home without a warrant?")
    make_question(
        question="¿Puede la policía entrar a mi casa sin una orden judicial?",
        name="Ana", email="ana@example.org", state="answered", faq_entry=entry,
    )  # fmt: skip
    make_question(
        question="Can the police come into my house?",
        email="sam@example.org", state="answered", faq_entry=entry,
    )  # fmt: skip
    assert notify_askers() == 2
    spanish, english = sorted(mail.outbox, key=lambda m: m.to != ["ana@example.org"])
    assert spanish.subject.startswith("Respondimos su pregunta en ")
    assert spanish.body.startswith("Hola:\n\nGracias por enviar su pregunta")
    assert "Publicamos una respuesta, en inglés:" in spanish.body
    assert "We have published an answer:\n" in spanish.body
    assert spanish.body.count(entry.get_absolute_url()) == 2  # the link in both languages
    assert "\nHello,\n" in spanish.body
    assert english.subject.startswith("Your question has been answered on ")
    assert english.body.startswith("Hello,") and "Gracias" not in english.body
    assert "registros 90 días después" in spanish.body and "records 90 days after" in english.body


def test_the_answer_email_carries_nothing_the_asker_typed():
    # The address is never checked, so the name (up to 100 characters) was anyone's words in
    # an email from the newsroom to anyone: "Hello Maria\n\nIMPORTANT: confirm your case at…".
    entry = make_faq(question="Can police enter my home without a warrant?")
    make_question(
        name="Maria. IMPORTANT: your case closes today, call 555-0100",
        email="victim@example.org", state="answered", faq_entry=entry,
    )  # fmt: skip
    assert notify_askers() == 1
    [email] = mail.outbox
    assert email.body.startswith("Hello,\n") and "Maria" not in email.body
    assert "555-0100" not in email.body and "IMPORTANT" not in email.body


def test_the_answer_email_says_when_the_answer_is_in_spanish():
    entry = make_faq(
        question="¿Dónde están las personas detenidas en la redada?",
        language=FaqEntry.Language.SPANISH,
    )
    make_question(
        question="¿Dónde están los detenidos de la redada?",
        email="ana@example.org", state="answered", faq_entry=entry,
    )  # fmt: skip
    make_question(
        question="Where do they take people detained in a raid?",
        email="sam@example.org", state="answered", faq_entry=entry,
    )  # fmt: skip
    assert notify_askers() == 2
    spanish, english = sorted(mail.outbox, key=lambda m: m.to != ["ana@example.org"])
    assert "Publicamos una respuesta, en español:" in spanish.body
    assert "en inglés" not in spanish.body
    # Both the Spanish asker's English part and the English asker are told.
    for message in [spanish, english]:
        assert "We have published an answer, in Spanish:" in message.body
    assert "Gracias" not in english.body


def test_a_one_day_retention_reads_as_one_day_in_the_answer_email(settings):
    settings.FAQ_PERSONAL_DATA_DAYS = 1
    make_question(
        question="¿Puede la policía entrar a mi casa sin una orden judicial?",
        email="ana@example.org", state="answered", faq_entry=make_faq(),
    )  # fmt: skip
    assert notify_askers() == 1
    body = mail.outbox[0].body
    assert "registros 1 día después" in body and "records 1 day after" in body


def test_the_queues_topic_filter_names_questions_without_one(client, moderator):
    make_question(article=make_article(topics=[make_topic(name="Courts")]))
    make_question()  # about no explainer
    client.force_login(moderator)
    response = client.get(QUEUE_ALL)
    filters = [(spec.title, [c["display"] for c in spec.choices(response.context["cl"])])
               for spec in response.context["cl"].filter_specs]  # fmt: skip
    topics = next(choices for title, choices in filters if "topic" in title.lower())
    assert "Courts" in topics and "No topic" in topics and "-" not in topics


def test_the_queues_article_filter_names_questions_about_none(client, moderator):
    make_question(article=make_article(title="Jury duty"))
    make_question()  # about no explainer
    client.force_login(moderator)
    cl = client.get(QUEUE_ALL).context["cl"]
    articles = next(spec for spec in cl.filter_specs if spec.title == "article")
    choices = [choice["display"] for choice in articles.choices(cl)]
    assert "Jury duty" in choices and "No article" in choices and "-" not in choices
