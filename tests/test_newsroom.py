"""A reader's question that is a correction or a tip goes to the newsroom, whose editors never
see the queue: its words only, never its asker's name or email."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail

from tests.factories import make_question

pytestmark = pytest.mark.django_db

QUEUE = "/admin/faq/submittedquestion/"
TIP = "Correction: the story says 12 people were detained; the school district said 9."


def test_a_correction_goes_to_the_newsroom_without_its_askers_details(client, moderator, settings):
    settings.FAQ_NEWSROOM_EMAILS = ["desk@example.org"]
    tip = make_question(question=TIP, name="Rosa Diaz", email="rosa@example.org")
    client.force_login(moderator)
    picked = {"action": "send_to_newsroom", "_selected_action": [tip.pk]}

    page = client.post(QUEUE, picked).content.decode()
    assert "desk@example.org" in page and TIP in page and not mail.outbox  # asked first
    response = client.post(QUEUE, {**picked, "apply": "yes"}, follow=True)

    assert "1 question was sent to the newsroom." in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["desk@example.org"] and TIP in message.body
    assert "Rosa" not in message.body and "rosa@example.org" not in message.body
    assert f"Reader question #{tip.pk}, received " in message.body
    assert LogEntry.objects.filter(change_message="Sent to the newsroom.").count() == 1


def test_without_a_newsroom_address_nothing_is_sent_and_the_moderator_is_told(
    client, moderator, settings
):
    settings.FAQ_NEWSROOM_EMAILS = []
    tip = make_question(question=TIP)
    client.force_login(moderator)
    response = client.post(
        QUEUE, {"action": "send_to_newsroom", "_selected_action": [tip.pk], "apply": "yes"},
        follow=True,
    )  # fmt: skip
    assert "No newsroom address is set" in response.content.decode() and not mail.outbox
