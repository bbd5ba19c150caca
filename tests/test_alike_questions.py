"""When a story breaks, readers ask one question in many words. The queue links each question
to the open ones like it, so a moderator answers them together with one FAQ entry."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from faq import alike
from faq.alike import OpenQuestions
from tests.factories import make_faq, make_question
from tests.helpers.admin_forms import entry_form

pytestmark = pytest.mark.django_db

QUEUE = "/admin/faq/submittedquestion/"


def alike_texts(question):
    ids = OpenQuestions([question]).like(question)
    return sorted(q.question for q in type(question).objects.filter(pk__in=ids))


@pytest.mark.parametrize(
    "asked, alike, different",
    [
        # Case, punctuation and word endings don't matter; one shared word isn't enough.
        (
            "Is ICE at Lincoln Elementary right now?",
            ["ICE agents at lincoln elementary??", "ice at LINCOLN ELEMENTARY - pick up kids?"],
            ["Can I film ICE at a protest?", "Is Lincoln Park open?"],
        ),
        (
            "Do I have to open the door if officers knock?",
            ["must i open my door when officers are knocking"],
            ["Can officers search my car?"],
        ),
        # Readers' everyday words are the explainers' words, as in search.
        ("Can cops take my phone?", ["Can the police take my cellphone?"], ["Can cops lie?"]),
        # A Spanish question is like one with the English words it maps to.
        (
            "¿Puede la policía entrar sin orden judicial?",
            ["Can police enter without a warrant?"],
            ["Can police lie?"],
        ),
        # A story's copies in both languages meet (the viral-day drill's "escuela").
        (
            "¿Está ICE en la escuela?",
            ["Is ICE at the school?"],
            ["Is ICE at the courthouse?", "Is the school open?"],
        ),
    ],
)
def test_questions_asking_the_same_in_other_words_are_alike(asked, alike, different):
    question = make_question(question=asked)
    for text in alike + different:
        make_question(question=text)

    assert alike_texts(question) == sorted(alike)


def test_only_open_questions_are_counted_as_alike():
    question = make_question(question="Can ICE enter a school?")
    still_open = make_question(question="can ice agents enter schools", state="in_review")
    for state in ["answered", "rejected", "spam"]:
        make_question(question="Can ICE enter the school?", state=state)

    assert OpenQuestions([question]).like(question) == {still_open.pk: 3}


def test_a_story_s_copies_are_found_from_the_queue_and_answered_together(client, moderator):
    copies = [
        make_question(question="ice agents at lincoln elementary??", email="one@example.org"),
        make_question(question="ICE at Lincoln Elementary - should I pick up my kids?"),
    ]
    first = make_question(question="Is ICE at Lincoln Elementary right now?")  # the newest
    other = make_question(question="Where is the protest tomorrow?")
    entry = make_faq(question="Can immigration agents enter a school?", slug="agents-schools")
    client.force_login(moderator)

    queue = client.get(QUEUE).content.decode()
    link = f'<a href="{QUEUE}?like={first.pk}">2 more like it</a>'
    assert link in queue
    assert f"?like={other.pk}" not in queue  # nothing is like it

    listed = client.get(f"{QUEUE}?like={first.pk}")
    page = listed.content.decode()
    # The question it started from first; the unrelated one is left out.
    assert [q.pk for q in listed.context["cl"].result_list][0] == first.pk
    assert {q.pk for q in listed.context["cl"].result_list} == {first.pk, *(c.pk for c in copies)}
    assert "Open questions like “Is ICE at Lincoln Elementary right now?”" in html.unescape(page)

    done = client.post(
        f"{QUEUE}?like={first.pk}",
        {
            "action": "answer_with_entry",
            "select_across": "1",
            "index": "0",
            "_selected_action": [first.pk],
            "apply": "yes",
            "faq_entry": entry.pk,
        },
        follow=True,
    )
    assert "3 questions are now answered with" in html.unescape(done.content.decode())
    assert [m.to for m in mail.outbox] == [["one@example.org"]]
    other.refresh_from_db()
    assert other.state == "new"


def test_a_question_s_page_links_to_the_open_questions_like_it(client, moderator):
    question = make_question(question="Can the city refuse to help ICE?")
    make_question(question="can our city refuse ICE help")
    lonely = make_question(question="Where is the protest tomorrow?")
    client.force_login(moderator)

    page = client.get(f"{QUEUE}{question.pk}/change/").content.decode()
    assert f'<a href="{QUEUE}?like={question.pk}">1 more like it</a>' in page
    page = client.get(f"{QUEUE}{lonely.pk}/change/").content.decode()
    assert "more like it" not in page


def test_answering_a_question_with_a_new_entry_points_to_the_ones_like_it(client, moderator):
    question = make_question(question="Can ICE enter a school?")
    make_question(question="can ice agents enter schools")
    client.force_login(moderator)

    done = client.post(
        f"/admin/faq/faqentry/add/?from_question={question.pk}",
        entry_form(
            question="Can immigration agents enter a school?",
            slug="agents-schools",
            answer="Only with a judicial warrant, in most cases.",
        ),
        follow=True,
    )
    page = html.unescape(done.content.decode())
    assert "1 open question is like this one; this entry may answer it too." in page
    assert re.search(rf'<a href="{QUEUE}\?like={question.pk}">See them</a>', page)


@pytest.mark.parametrize("value", ["abc", "999999", "0", "1 OR 1=1"])
def test_a_broken_like_address_lists_nothing_rather_than_failing(client, moderator, value):
    make_question(question="Can ICE enter a school?")
    client.force_login(moderator)
    response = client.get(QUEUE, {"like": value})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert "There is no question to compare with" in response.content.decode()


def test_the_queue_reads_the_open_questions_once_for_the_whole_page(client, moderator):
    for n in range(30):
        make_question(question=f"Can ICE enter school number {n}?")
    client.force_login(moderator)

    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for n in range(30):
        make_question(question=f"Can ICE enter the office number {n}?")
    with CaptureQueriesContext(connection) as many:
        page = client.get(QUEUE).content.decode()

    assert len(many) == len(few)
    assert "more like it" in page


def test_a_questions_nearest_copies_are_compared_first(monkeypatch):
    # A busy story: more open questions around it than are compared. Its own wave, the hours
    # after it, is what must not be cut.
    monkeypatch.setattr(alike, "COMPARED", 3)
    now = timezone.now()
    first = make_question(
        question="Can ICE enter a school?", created_at=now - datetime.timedelta(hours=2)
    )
    for n in range(3):
        make_question(
            question=f"Where is protest {n}?", created_at=now - datetime.timedelta(days=3)
        )
        make_question(question=f"Where is march {n}?", created_at=now + datetime.timedelta(days=3))
    copy = make_question(
        question="can ice agents enter schools", created_at=now - datetime.timedelta(hours=1)
    )
    assert OpenQuestions([first]).like(first) == {copy.pk: 3}


def test_the_oldest_questions_of_a_backlog_still_find_their_copies(monkeypatch):
    # The queue opens on the oldest questions: comparing only the newest ones missed them.
    monkeypatch.setattr(alike, "COMPARED", 3)
    long_ago = timezone.now() - datetime.timedelta(days=60)
    first = make_question(question="Can ICE enter a school?", created_at=long_ago)
    copy = make_question(
        question="can ice agents enter schools", created_at=long_ago + datetime.timedelta(hours=1)
    )
    for n in range(5):
        make_question(question=f"Where is the protest number {n}?")
    assert OpenQuestions([first]).like(first) == {copy.pk: 3}


def test_the_count_on_a_queue_row_is_what_its_link_lists(client, moderator):
    # The page compares its questions with those near any of them; each row counts only those
    # within a week of its own question, as the list its link opens does.
    start = timezone.now() - datetime.timedelta(days=30)
    first = make_question(question="Can ICE enter a school?", created_at=start)
    make_question(question="Where is the protest?", created_at=start + datetime.timedelta(days=20))
    make_question(
        question="can ice agents enter schools", created_at=start + datetime.timedelta(days=25)
    )
    client.force_login(moderator)
    queue = client.get(QUEUE).content.decode()
    assert f"?like={first.pk}" not in queue  # the copy came 25 days later
    listed = client.get(f"{QUEUE}?like={first.pk}")
    assert [q.pk for q in listed.context["cl"].result_list] == [first.pk]
