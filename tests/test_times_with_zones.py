"""Times shown to staff carry their zone (portal.dates.zoned), as readers' do: the night clocks
go back, 06:30 and 07:30 UTC both read "1:30 a.m." in Chicago, and a moderator or an editor
elsewhere reads the site's time as their own."""

import datetime

import pytest
from django.core import mail

from articles.models import Article
from faq.models import SubmittedQuestion
from tests.factories import make_article, make_question

pytestmark = pytest.mark.django_db

FIRST, SECOND = (datetime.datetime(2026, 11, 1, hour, 30, tzinfo=datetime.UTC) for hour in (6, 7))
SHOWN = ["Nov. 1, 2026, 1:30 a.m. CDT", "Nov. 1, 2026, 1:30 a.m. CST"]


@pytest.fixture(autouse=True)
def chicago(settings):
    settings.TIME_ZONE = "America/Chicago"


def test_the_queue_says_when_each_question_arrived_with_its_zone(client, moderator):
    for when in (FIRST, SECOND):
        make_question(created_at=when)
    client.force_login(moderator)
    page = client.get("/admin/faq/submittedquestion/").content.decode()
    assert all(f'<td class="field-received">{shown}</td>' in page for shown in SHOWN)


def test_the_explainers_list_says_when_each_was_updated_with_its_zone(client, editor):
    for when in (FIRST, SECOND):
        Article.objects.filter(pk=make_article().pk).update(updated_at=when)
    client.force_login(editor)
    page = client.get("/admin/articles/article/").content.decode()
    assert all(f'<td class="field-updated_at_zoned">{shown}</td>' in page for shown in SHOWN)


def test_the_newsroom_is_told_when_a_question_arrived_with_its_zone(client, moderator, settings):
    settings.FAQ_NEWSROOM_EMAILS = ["desk@example.org"]
    tip = make_question(question="Your explainer gives the wrong court address.", created_at=SECOND)
    client.force_login(moderator)
    client.post(
        "/admin/faq/submittedquestion/",
        {"action": "send_to_newsroom", "_selected_action": [tip.pk], "apply": "yes"},
    )
    (message,) = mail.outbox
    assert f"Reader question #{tip.pk}, received {SHOWN[1]}:" in message.body
    assert SubmittedQuestion.objects.get().created_at == SECOND


def test_a_questions_page_says_its_times_with_their_zone(client, moderator):
    question = make_question(created_at=FIRST)
    SubmittedQuestion.objects.filter(pk=question.pk).update(closed_at=SECOND, state="rejected")
    client.force_login(moderator)
    page = client.get(f"/admin/faq/submittedquestion/{question.pk}/change/").content.decode()
    assert f'<div class="readonly">{SHOWN[0]}</div>' in page  # received
    assert f'<div class="readonly">{SHOWN[1]}</div>' in page  # closed
