"""A reader's question arrives while something else is going on: it is stored once, and never
lost to a server error."""

import threading
import time
import types

import pytest
from django.core import mail
from django.core.cache.backends.locmem import LocMemCache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, connection
from django.db.models.signals import pre_save
from django.test import Client, RequestFactory

import faq.asking
import faq.emails
from articles.models import Article
from faq.forms import started_token
from faq.models import SubmittedQuestion
from portal.ratelimit import counters
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article
from tests.helpers.questions import QUESTION, ask


# Real commits: both databases check the question's link to its explainer only at commit.
@TRANSACTIONAL
def test_a_question_about_an_explainer_deleted_as_it_is_sent_is_kept_without_it(client, settings):
    settings.FAQ_MODERATOR_EMAILS = ["mods@example.org"]
    article = make_article(slug="detainers", sources=1)

    # An editor deletes the explainer after the form found it, as the question is stored.
    # The delete shares the question's transaction here, so it is undone with it when the
    # link fails its check, and made again before the question is stored once more.
    def delete_the_explainer(sender, instance, **kwargs):
        Article.objects.filter(pk=article.pk).delete()

    pre_save.connect(delete_the_explainer, sender=SubmittedQuestion, dispatch_uid="test-delete")
    try:
        response = ask(client, action="send", article="detainers")
    finally:
        pre_save.disconnect(sender=SubmittedQuestion, dispatch_uid="test-delete")
    assert response.status_code == 302 and response["Location"] == "/faq/ask/thanks/"
    question = SubmittedQuestion.objects.get()
    assert question.question == QUESTION and question.article is None
    assert not Article.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert "What happens next" in thanks and "copy" not in thanks
    assert len(mail.outbox) == 1  # one alert, for the question that was stored


def double_click(monkeypatch, first_fails=False, email_again="dana@example.org"):
    """Send the question twice from one browser, the second click arriving while the first
    copy is being stored (as when the database is busy behind a moderator's bulk action), and
    let the first go on only once the second waits for it. Both answers, and the second's
    thank-you page."""
    storing, second_waits = threading.Event(), threading.Event()
    page = started_token(time.time() - 30)  # both clicks send the one page

    def hold_the_first(sender, instance, **kwargs):
        pre_save.disconnect(sender=SubmittedQuestion, dispatch_uid="test-double-click")
        storing.set()
        assert second_waits.wait(5)
        if first_fails:
            raise OperationalError("database is locked")

    def waiting(seconds):
        second_waits.set()
        time.sleep(seconds)

    monkeypatch.setattr(
        faq.asking, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=waiting)
    )
    pre_save.connect(hold_the_first, sender=SubmittedQuestion, dispatch_uid="test-double-click")
    answers = {}

    def first_click():
        try:
            answers["first"] = ask(
                Client(), action="send", name="Dana", email="dana@example.org", started=page
            )
        finally:
            connection.close()

    first = threading.Thread(target=first_click)
    first.start()
    try:
        assert storing.wait(5)
        again = Client()
        answers["second"] = ask(again, action="send", name="Dana", email=email_again, started=page)
    finally:
        first.join()
        pre_save.disconnect(sender=SubmittedQuestion, dispatch_uid="test-double-click")
    thanks = again.get(answers["second"]["Location"]).content.decode()
    return answers["first"], answers["second"], thanks


@TRANSACTIONAL
@pytest.mark.parametrize(
    "email_again, copies",
    [("dana@example.org", 1), ("Dana@Example.org", 1), ("dana@exmaple.org", 2)],
)
def test_a_double_click_with_an_email_stores_one_copy_while_the_first_is_being_stored(
    monkeypatch, email_again, copies
):
    first, second, thanks = double_click(monkeypatch, email_again=email_again)

    assert first.status_code == second.status_code == 302
    assert SubmittedQuestion.objects.count() == copies
    if copies == 1:  # the same address, whatever its case
        assert SubmittedQuestion.objects.get().email == "dana@example.org"
        assert "so we kept one copy. We will email you" in thanks
    else:  # another one, maybe a corrected one: it hears back too
        emails = set(SubmittedQuestion.objects.values_list("email", flat=True))
        assert emails == {"dana@example.org", "dana@exmaple.org"}
        assert "copy" not in thanks
    if isinstance(counters(), LocMemCache):  # its values can be read back: no email in them
        assert not any(b"example" in value for value in counters()._cache.values())


@TRANSACTIONAL
def test_a_double_click_whose_first_copy_fails_stores_the_second(monkeypatch):
    # The reader sees the second click's answer, so it must not say "we kept one copy".
    first, second, thanks = double_click(monkeypatch, first_fails=True)

    assert first.status_code == 503 and second.status_code == 302
    assert "copy" not in thanks and "What happens next" in thanks
    question = SubmittedQuestion.objects.get()
    assert (question.question, question.email) == (QUESTION, "dana@example.org")


PAGE = started_token(time.time() - 30)


def seen_key():
    return faq.asking.seen_key(RequestFactory().post("/faq/ask/", {"started": PAGE}), QUESTION)


class SlowMailer(BaseEmailBackend):
    """A mail server that holds each message until the test releases it."""

    sending, released = threading.Event(), threading.Event()

    def send_messages(self, messages):
        self.sending.set()
        self.released.wait(5)
        return len(messages)


@TRANSACTIONAL
def test_a_double_click_stores_one_copy_while_the_moderators_alert_is_slow(settings, monkeypatch):
    # The alert can take the mail server's whole timeout (10 s), longer than a repeat waits.
    settings.FAQ_MODERATOR_EMAILS = ["mods@example.org"]
    monkeypatch.setattr(faq.asking, "SETTLE_SECONDS", 0.3)  # stands for 3 s, keeps it quick
    sending, released = SlowMailer.sending, SlowMailer.released
    sending.clear()
    released.clear()
    settings.MAILERS = {"default": {"BACKEND": "tests.test_question_races.SlowMailer"}}
    answers = {}
    page = started_token(time.time() - 30)

    def first_click():
        try:
            answers["first"] = ask(Client(), action="send", email="dana@example.org", started=page)
        finally:
            connection.close()

    first = threading.Thread(target=first_click)
    first.start()
    try:
        assert sending.wait(5)  # the first copy is stored; its alert is going out
        answers["second"] = ask(Client(), action="send", email="dana@example.org", started=page)
    finally:
        released.set()
        first.join()

    assert answers["first"].status_code == answers["second"].status_code == 302
    assert SubmittedQuestion.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "left_by_the_previous_version", [0, "sending:" + "ab" * 32], ids=["in flight", "hashed"]
)
def test_a_marker_left_by_the_previous_version_never_loses_the_question(
    client, monkeypatch, left_by_the_previous_version
):
    # During a deploy, a first copy still being stored by the old code left its own marker: a
    # repeat then stores a copy (after waiting for one the new code can't read), never none.
    monkeypatch.setattr(faq.asking, "SETTLE_SECONDS", 0.2)
    counters().set(seen_key(), left_by_the_previous_version, 60)

    response = ask(client, action="send", started=PAGE)

    assert response.status_code == 302
    assert SubmittedQuestion.objects.count() == 1
    assert counters().get(seen_key()) == SubmittedQuestion.objects.get().pk
