"""The reader-question queue is for reading: at 1280 px, with the admin's menu open beside it,
its question column was about 110 px wide and cut at 90 characters, five questions a screen."""

import pytest

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
