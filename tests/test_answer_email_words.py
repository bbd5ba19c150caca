"""What the answer email says: which question it answers, without repeating the reader's
words (the address isn't checked, so they could be anyone's words in our email to anyone)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from faq.emails import notify_askers
from tests.factories import make_faq, make_question

pytestmark = pytest.mark.django_db


def test_the_answer_email_says_the_day_the_question_was_sent():
    # A reader who asked several things couldn't tell which one was answered.
    entry = make_faq(question="Can ICE arrest parents at school pickup?")
    # 3 a.m. UTC on the 4th is still the 3rd in Chicago, the site's calendar.
    asked = datetime.datetime(2026, 11, 4, 3, 0, tzinfo=datetime.UTC)
    for words, email in [
        ("Can agents arrest me when I pick up my kids? Phone 312-555-0188", "sam@example.org"),
        ("¿Pueden arrestar a los padres en la escuela?", "ana@example.org"),
    ]:
        make_question(
            question=words, email=email, state="answered", faq_entry=entry, created_at=asked
        )
    assert notify_askers() == 2
    english, spanish = sorted(mail.outbox, key=lambda m: m.to != ["sam@example.org"])
    assert "Thank you for the question you sent Civic Explainers on November 3." in english.body
    assert "Gracias por enviar su pregunta a Civic Explainers el 3 de noviembre." in spanish.body
    assert "We have published an answer" in spanish.body and "November 3" in spanish.body
    for message in (english, spanish):
        assert "312-555" not in message.body and "arrestar a los padres" not in message.body
    assert timezone.localdate(asked) == datetime.date(2026, 11, 3)
