"""Answer emails: each asker still due one is emailed once, from the question as it is when the
email goes. Only the SMTP relay is faked; what other people do while emails go out is run from
inside the send of the email before, so "meanwhile" needs no timing."""

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.utils import timezone

import faq.emails
from faq.emails import IN_REQUEST_LIMIT, notify_askers
from faq.models import AnswerEmail, FaqEntry, SubmittedQuestion
from tests.factories import make_faq, make_question
from tests.helpers.admin_forms import entry_form

pytestmark = pytest.mark.django_db

QUEUE = "/admin/faq/submittedquestion/"
# Every state: the bare queue shows and acts on the open questions only.
QUEUE_ALL = QUEUE + "?state__exact=all"


class Relay:
    """`during[address]` runs while that address's message is with the relay: someone acting
    meanwhile, or the relay failing. `tried` lists every address handed to it."""

    def __init__(self):
        self.during = {}
        self.tried = []


class RelayMailer(locmem.EmailBackend):
    """Delivers to Django's locmem outbox (mail.outbox), through the test's Relay."""

    relay = None  # set by the fixture

    def send_messages(self, messages):
        for message in messages:
            self.relay.tried += message.to
            for address in message.to:
                if address in self.relay.during:
                    self.relay.during.pop(address)()
        return super().send_messages(messages)


@pytest.fixture
def relay(monkeypatch, settings):
    relay = Relay()
    monkeypatch.setattr(RelayMailer, "relay", relay)
    settings.MAILERS = {"default": {"BACKEND": "tests.test_answer_emails.RelayMailer"}}
    return relay


def answered_by(entry, count):
    return [
        make_question(
            state="answered", faq_entry=entry, closed_at=timezone.now(),
            name=f"Asker {i}", email=f"asker{i}@example.org",
        )
        for i in range(count)
    ]  # fmt: skip


def column(question):
    """The queue's "answer email" column for this question."""
    return SubmittedQuestion.objects.with_answer_email().get(pk=question.pk).answer_email


def sent_to():
    return [message.to for message in mail.outbox]


def publish(client, entry):
    return client.post(
        f"/admin/faq/faqentry/{entry.pk}/change/",
        entry_form(question=entry.question, slug=entry.slug, answer=entry.answer),
    )


def test_an_entry_deleted_while_its_emails_go_out_is_emailed_to_nobody_after(
    client, admin_user, moderator, relay, django_capture_on_commit_callbacks
):
    entry = make_faq(slug="open-the-door")
    first, second, third = answered_by(entry, 3)

    def editor_deletes_the_entry():
        client.force_login(admin_user)  # only a superuser deletes a published entry
        response = client.post(f"/admin/faq/faqentry/{entry.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302

    relay.during["asker0@example.org"] = editor_deletes_the_entry
    notify_askers()

    # Only the email already with the relay as the entry went; nobody is marked as told.
    assert sent_to() == [["asker0@example.org"]]
    for question in [first, second, third]:
        question.refresh_from_db()
        assert question.state == "in_review" and question.notified_at is None
        assert column(question) == AnswerEmail.ON_ANSWER

    # Answered properly later, the askers get that answer, the first one too (theirs was a
    # link that no longer works).
    client.force_login(moderator)
    for question in [first, second]:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/admin/faq/faqentry/add/?from_question={question.pk}",
                entry_form(
                    question="Must I open the door to immigration agents?",
                    slug=f"must-i-open-the-door-{question.pk}",
                    answer="No.",
                ),
            )
        (message,) = [m for m in mail.outbox[1:] if m.to == [question.email]]
        assert f"/faq/must-i-open-the-door-{question.pk}/" in message.body


def test_an_entry_unpublished_while_its_emails_go_out_waits_for_publishing_again(relay):
    entry = make_faq()
    first, second = answered_by(entry, 2)

    def editor_unpublishes_the_entry():
        entry.status = FaqEntry.Status.DRAFT
        entry.save()

    relay.during["asker0@example.org"] = editor_unpublishes_the_entry
    notify_askers()

    assert ["asker1@example.org"] not in sent_to()
    second.refresh_from_db()
    assert second.notified_at is None and column(second) == AnswerEmail.WAITING

    entry.status = FaqEntry.Status.PUBLISHED
    entry.save()
    assert notify_askers() == 1
    assert sent_to()[-1] == ["asker1@example.org"]


def test_an_email_removed_while_emails_go_out_is_not_written_to(client, moderator, relay):
    entry = make_faq()
    first, second = answered_by(entry, 2)

    def moderator_removes_the_second_askers_email():
        client.force_login(moderator)
        client.post(
            QUEUE_ALL,
            {"action": "remove_personal_data", "_selected_action": [second.pk], "apply": "yes"},
        )

    relay.during["asker0@example.org"] = moderator_removes_the_second_askers_email
    assert notify_askers() == 1

    assert sent_to() == [["asker0@example.org"]]
    assert "asker1@example.org" not in relay.tried
    second.refresh_from_db()
    assert second.email == "" and second.notified_at is None
    assert column(second) == AnswerEmail.NO_EMAIL


def test_a_question_being_emailed_shows_as_not_sent_until_the_email_has_gone(
    client, moderator, relay
):
    (question,) = answered_by(make_faq(), 1)
    seen = {}

    def moderator_looks_at_the_queue():
        client.force_login(moderator)
        seen["queue"] = client.get(QUEUE_ALL).content.decode()
        seen["pending"] = SubmittedQuestion.objects.awaiting_notification().count()

    relay.during["asker0@example.org"] = moderator_looks_at_the_queue
    assert notify_askers() == 1
    cell = '<td class="field-answer_email">{}</td>'
    assert cell.format("not sent yet (sending is retried)") in seen["queue"]
    assert cell.format("sent") not in seen["queue"]
    assert seen["pending"] == 1
    assert cell.format("sent") in client.get(QUEUE_ALL).content.decode()


def test_a_sender_aborted_mid_send_leaves_the_question_to_the_next_run(relay):
    (question,) = answered_by(make_faq(), 1)

    def gunicorn_aborts_the_worker():
        raise SystemExit(1)  # what a worker past its timeout raises (SIGABRT)

    relay.during["asker0@example.org"] = gunicorn_aborts_the_worker
    with pytest.raises(SystemExit):
        notify_askers()
    assert not mail.outbox
    assert column(question) == AnswerEmail.RETRYING

    call_command("send_answer_notifications", verbosity=0)
    assert sent_to() == [["asker0@example.org"]]
    question.refresh_from_db()
    assert question.notified_at and question.answer_email_claimed_at is None


def test_a_claim_left_by_a_killed_sender_is_taken_over_after_the_lease_a_live_one_is_not(
    relay,
):
    stale, fresh, sending = answered_by(make_faq(), 3)
    now = timezone.now()
    # What a sender killed outright (the OOM killer, a deploy) leaves: claimed, not sent.
    SubmittedQuestion.objects.filter(pk=stale.pk).update(
        answer_email_claimed_at=now - faq.emails.CLAIM_LEASE - datetime.timedelta(minutes=1)
    )
    # Another sender is at work on this one.
    SubmittedQuestion.objects.filter(pk=fresh.pk).update(
        answer_email_claimed_at=now - datetime.timedelta(minutes=1)
    )
    # And cron starts while the admin is still sending this one.
    relay.during["asker2@example.org"] = lambda: call_command(
        "send_answer_notifications", verbosity=0
    )
    assert notify_askers(SubmittedQuestion.objects.filter(pk=sending.pk)) == 1

    assert sorted(sent_to()) == [["asker0@example.org"], ["asker2@example.org"]]
    stale.refresh_from_db()
    assert stale.notified_at and stale.answer_email_claimed_at is None
    fresh.refresh_from_db()
    assert fresh.notified_at is None and column(fresh) == AnswerEmail.RETRYING


def test_a_failing_mail_server_stops_the_run_so_publishing_returns_and_the_retry_sends(
    client, editor, relay, caplog, django_capture_on_commit_callbacks, monkeypatch
):
    entry = make_faq(status=FaqEntry.Status.DRAFT, slug="film-the-police")
    refused, timed_out, untried = answered_by(entry, 3)

    def refuse():
        raise smtplib.SMTPRecipientsRefused({"asker0@example.org": (550, b"no such user")})

    def time_out():
        raise TimeoutError("timed out")  # a relay that stops answering

    relay.during["asker0@example.org"] = refuse  # this address only: the next one is tried
    relay.during["asker1@example.org"] = time_out
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = publish(client, entry)

    assert response.status_code == 302
    assert relay.tried == ["asker0@example.org", "asker1@example.org"] and not mail.outbox
    for question in [refused, timed_out, untried]:
        assert column(question) == AnswerEmail.RETRYING
    assert (
        f"reader question {timed_out.pk} failed (TimeoutError); it will be retried. "
        "Stopped this run with 0 sent and 1 not tried." in caplog.text
    )
    assert "@" not in caplog.text and "Asker" not in caplog.text
    assert "reader question number" not in caplog.text
    # Meanwhile this process leaves the mail server alone.
    assert notify_askers() == 0 and relay.tried == ["asker0@example.org", "asker1@example.org"]

    monkeypatch.setattr(faq.emails, "_mail_paused_until", 0.0)  # the retry: its own process
    call_command("send_answer_notifications", verbosity=0)
    assert sorted(sent_to()) == [[f"asker{i}@example.org"] for i in range(3)]


def test_publishing_an_answer_many_askers_wait_for_emails_a_few_and_leaves_the_rest_to_the_retry(
    client, editor, relay, django_capture_on_commit_callbacks
):
    entry = make_faq(status=FaqEntry.Status.DRAFT)
    answered_by(entry, IN_REQUEST_LIMIT + 2)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        assert publish(client, entry).status_code == 302

    # Each send can take seconds: the editor's page doesn't wait for all of them.
    assert len(mail.outbox) == IN_REQUEST_LIMIT
    call_command("send_answer_notifications", verbosity=0)
    assert len(mail.outbox) == IN_REQUEST_LIMIT + 2
    assert len({tuple(to) for to in sent_to()}) == IN_REQUEST_LIMIT + 2


def test_the_send_action_sends_a_few_and_says_how_many_wait_for_the_retry(client, moderator, relay):
    questions = answered_by(make_faq(), IN_REQUEST_LIMIT + 2)
    client.force_login(moderator)

    response = client.post(
        QUEUE_ALL,
        {"action": "send_notifications", "_selected_action": [q.pk for q in questions]},
        follow=True,
    )

    page = response.content.decode()
    assert f"{IN_REQUEST_LIMIT} emails sent." in page
    assert "2 more are still to be sent; the regular retry sends them." in page
    assert len(mail.outbox) == IN_REQUEST_LIMIT


@pytest.mark.parametrize(
    "error",
    [smtplib.SMTPDataError(554, b"content rejected"), ValueError("odd address")],
    ids=["rejected content", "odd address"],
)
def test_an_email_the_server_rejects_does_not_hold_up_the_others(relay, error):
    first, second = answered_by(make_faq(), 2)

    def reject():
        raise error

    relay.during["asker0@example.org"] = reject
    notify_askers()

    assert sent_to() == [["asker1@example.org"]]
    assert column(first) == AnswerEmail.RETRYING
    assert column(second) == AnswerEmail.SENT


def test_the_scheduled_retry_prints_only_when_it_had_something_to_do(relay):
    # Cron mails whatever it prints: not "Sent 0" every 15 minutes.
    def run():
        out = io.StringIO()
        call_command("send_answer_notifications", stdout=out)
        return out.getvalue().strip()

    assert run() == ""
    answered_by(make_faq(), 2)
    assert run() == "Sent 2 answer email(s); 0 still pending."
    assert run() == ""


def test_a_corrected_answer_the_mail_server_refuses_can_be_sent_again(client, moderator, relay):
    # Not retried by itself (the retry would send the first email's words): the moderator is
    # told, and the page's button works again.
    question = make_question(
        state="answered", faq_entry=make_faq(), email="dana@example.org",
        notified_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    emailed_at = question.notified_at.isoformat()
    shown = {"emailed_at": emailed_at, "faq_entry": question.faq_entry_id}
    url = f"{QUEUE}{question.pk}/correct-answer/"
    client.force_login(moderator)

    def refuse():
        raise smtplib.SMTPDataError(554, b"content rejected")

    relay.during["dana@example.org"] = refuse
    page = client.post(url, shown, follow=True).content.decode()
    assert "didn&#x27;t take the email, so nothing was sent" in page
    question.refresh_from_db()
    assert question.notified_at.isoformat() == emailed_at and not mail.outbox
    page = client.post(url, shown, follow=True).content.decode()
    assert "The corrected answer was emailed to the asker." in page
    assert sent_to() == [["dana@example.org"]]
