"""The reader-question queue is for reading: at 1280 px, with the admin's menu open beside it,
its question column was about 110 px wide and cut at 90 characters, five questions a screen."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_question

pytestmark = pytest.mark.django_db

QUEUE = "/admin/faq/submittedquestion/"


def test_the_queue_gives_the_menus_width_to_the_questions(client, moderator):
    client.force_login(moderator)
    assert 'id="nav-sidebar"' not in client.get(QUEUE).content.decode()
    # The breadcrumbs lead on; the admin's other pages keep the menu.
    assert 'id="nav-sidebar"' in client.get("/admin/faq/faqentry/").content.decode()


def test_the_queue_shows_up_to_200_characters_of_a_question(client, moderator):
    long = "Can ICE agents come into the school and take parents who are picking up their kids " * 3
    make_question(question=long)
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    assert long[:190] in page and long[:200] + "…" not in page and long[:199] + "…" in page


def test_the_admins_home_counts_new_in_review_and_todays_questions(client, moderator):
    # "361 new reader questions are waiting" said nothing of those taken up and not answered.
    for state in ["new", "new", "in_review"]:
        make_question(state=state)
    make_question(state="new", created_at=timezone.now() - datetime.timedelta(days=3))
    make_question(state="answered")
    client.force_login(moderator)
    home = client.get("/admin/").content.decode()
    assert "3 new reader questions are waiting</a>, and " in home
    assert 'state__exact=in_review">1 is in review</a>. 4 arrived today.' in home
