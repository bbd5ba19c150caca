"""Two moderators on the queue at once, on a viral day: a bulk move chosen from a list leaves
alone a question changed after that list was shown."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from faq.models import SubmittedQuestion
from tests.factories import make_faq, make_question

pytestmark = pytest.mark.django_db

QUEUE = "/admin/faq/submittedquestion/"
State = SubmittedQuestion.State


def shown_at(page):
    return re.search(r'name="list_shown_at" value="([^"]+)"', page)[1]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_move_from_a_list_shown_earlier_leaves_what_another_moderator_closed(moderator):
    answered_meanwhile, still_new = make_question(), make_question()
    first = signed_in(moderator)
    page = first.get(QUEUE).content.decode()  # both are there, New

    # Another moderator, from another list, answers one of them.
    SubmittedQuestion.objects.filter(pk=answered_meanwhile.pk).move_to(State.ANSWERED, moderator)

    response = first.post(
        QUEUE + "?state__exact=all",
        {
            "action": "reject",
            "_selected_action": [answered_meanwhile.pk, still_new.pk],
            "list_shown_at": shown_at(page),
        },
        follow=True,
    )
    text = response.content.decode()
    assert "1 question is now “Rejected”." in text
    assert "1 question changed after this list was shown" in text, re.findall(
        r"<li class=\"[a-z]+\">.*?</li>", text, re.S
    )
    assert f"id__in={answered_meanwhile.pk}" in text  # "See them as they are now"
    assert SubmittedQuestion.objects.get(pk=answered_meanwhile.pk).state == State.ANSWERED
    assert SubmittedQuestion.objects.get(pk=still_new.pk).state == State.REJECTED


def test_a_ticked_question_another_moderator_took_off_the_list_is_named(moderator):
    # The queue shows open questions: one answered meanwhile falls out of the list's filter,
    # and Django's action would leave it out without a word.
    answered_meanwhile, still_new = make_question(), make_question()
    client = signed_in(moderator)
    page = client.get(QUEUE).content.decode()
    SubmittedQuestion.objects.filter(pk=answered_meanwhile.pk).move_to(State.ANSWERED, moderator)
    ticked = {"_selected_action": [answered_meanwhile.pk, still_new.pk], "action": "mark_spam"}
    response = client.post(QUEUE, {**ticked, "list_shown_at": shown_at(page)}, follow=True)
    assert "1 question changed after this list was shown" in response.content.decode()
    assert SubmittedQuestion.objects.get(pk=answered_meanwhile.pk).state == State.ANSWERED


def test_answering_a_selection_from_its_own_page_keeps_the_lists_time(moderator):
    # "Answer with an existing FAQ entry…" asks on a page of its own, which posts the
    # selection back: the time the list was shown goes with it.
    question = make_question()
    entry = make_faq()
    client = signed_in(moderator)
    when = shown_at(client.get(QUEUE).content.decode())
    arrived_since = make_question()  # not on the list the moderator chose from
    picked = {
        "action": "answer_with_entry",
        "_selected_action": [question.pk, arrived_since.pk],
        "list_shown_at": when,
    }
    page = client.post(QUEUE, picked).content.decode()
    assert f'name="list_shown_at" value="{when}"' in page
    client.post(QUEUE, {**picked, "apply": "yes", "faq_entry": entry.pk})
    assert SubmittedQuestion.objects.get(pk=question.pk).faq_entry == entry
    assert SubmittedQuestion.objects.get(pk=arrived_since.pk).state == State.NEW


@pytest.mark.parametrize(
    "forged",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-01-01T00:00:00", "soon"],
)
def test_a_list_time_no_page_gives_is_ignored_not_a_server_error(moderator, forged):
    question = make_question()
    response = signed_in(moderator).post(
        QUEUE,
        {"action": "reject", "_selected_action": [question.pk], "list_shown_at": forged},
        follow=True,
    )
    assert response.status_code == 200
    assert SubmittedQuestion.objects.get(pk=question.pk).state == State.REJECTED


def test_a_list_left_open_for_days_is_still_checked(moderator):
    # A tab left open over a weekend is where another moderator's answers pile up.
    answered_since = make_question()
    shown = (timezone.now() - datetime.timedelta(days=3)).isoformat()
    SubmittedQuestion.objects.filter(pk=answered_since.pk).move_to(State.ANSWERED, moderator)
    signed_in(moderator).post(
        QUEUE + "?state__exact=all",
        {"action": "reject", "_selected_action": [answered_since.pk], "list_shown_at": shown},
    )
    assert SubmittedQuestion.objects.get(pk=answered_since.pk).state == State.ANSWERED
