"""On a viral news day two moderators each answer their own copy of one question (the drill's
question 101 and its Spanish near-copy 117). Whoever starts second is told of the first's
entry, published or not, before writing and, if both had the form open, after saving."""

import datetime
import html

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from faq.models import FaqEntry
from tests.factories import make_faq, make_question
from tests.helpers.accounts import signed_in, staff
from tests.helpers.admin_forms import ADD_ENTRY, entry_form
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

QUEUE = "/admin/faq/submittedquestion/"
NOTE = "may already answer the same question"
MEANWHILE = "While you wrote this one"


@pytest.fixture
def ana(django_user_model):
    """The first moderator to answer."""
    return staff(django_user_model, "ana", "Moderators", first_name="Ana", last_name="Ruiz")


def copies():
    """Question 101 and its near-copy 117, asked in Spanish."""
    return (
        make_question(question="Is ICE at the school?"),
        make_question(question="¿Está ICE en la escuela?"),
    )


def answer(client, reader_question, **fields):
    """ "Answer and publish as FAQ" on `reader_question`, saved as a draft unless told
    otherwise."""
    form = {"question": "Is ICE at schools?", "slug": "ice-schools", "status": "draft"}
    return client.post(
        f"{ADD_ENTRY}?from_question={reader_question.pk}", entry_form(**form | fields), follow=True
    )


def page_text(response):
    return html.unescape(response.content.decode())


def test_a_draft_started_from_a_copy_is_named_on_the_answer_form(client, moderator, ana):
    first, second = copies()
    answer(signed_in(ana), first)
    entry = FaqEntry.objects.get()
    client.force_login(moderator)

    form = page_text(client.get(f"{ADD_ENTRY}?from_question={second.pk}"))

    assert (
        f"Another FAQ entry may already answer the same question: "
        f'<a href="/admin/faq/faqentry/{entry.pk}/change/">Is ICE at schools?</a> '
        f"(draft, last changed by Ana Ruiz). Check it before writing a second one." in form
    )
    assert 'value="¿Está ICE en la escuela?"' in form  # still free to write one

    other = make_question(question="Who decides the police budget?")
    assert NOTE not in page_text(client.get(f"{ADD_ENTRY}?from_question={other.pk}"))


def test_a_scheduled_entry_is_named_with_its_time(client, moderator):
    first, second = copies()
    client.force_login(moderator)
    later = timezone.localtime() + datetime.timedelta(days=2)
    answer(
        client,
        first,
        status="published",
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1="10:00:00",
    )

    form = page_text(client.get(f"{ADD_ENTRY}?from_question={second.pk}"))

    assert "Is ICE at schools?</a> (scheduled for " in form
    assert "last changed by you)" in form


def test_a_draft_whose_own_question_is_alike_is_named_though_no_reader_started_it(
    client, moderator
):
    # An editor's draft on the story: the search finds only published entries.
    draft = make_faq(question="Are ICE agents at schools?", status=FaqEntry.Status.DRAFT)
    make_faq(question="Can I film the police?", status=FaqEntry.Status.DRAFT)
    question = make_question(question="Are there ICE agents at my kid's school?")
    client.force_login(moderator)

    form = page_text(client.get(f"{ADD_ENTRY}?from_question={question.pk}"))

    assert f'<a href="/admin/faq/faqentry/{draft.pk}/change/">Are ICE agents at schools?</a>' in (
        form
    )
    assert "(draft)" in form  # no admin history says who made it
    assert "film the police" not in form


def test_the_answer_form_names_them_in_a_fixed_number_of_queries(client, moderator):
    question = make_question(question="Is ICE at the school?")
    client.force_login(moderator)
    url = f"{ADD_ENTRY}?from_question={question.pk}"

    def started(first, last):
        for n in range(first, last):
            copy = make_question(question=f"Is ICE at the school {n}?", state="answered")
            copy.faq_entry = make_faq(
                question=f"Is ICE at school {n}?", slug=f"ice-school-{n}", status="draft"
            )
            copy.save()

    started(0, 1)
    client.get(url)  # content types and such, read once per process
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    started(1, 11)
    with CaptureQueriesContext(connection) as many:
        form = page_text(client.get(url))

    assert len(many) == len(few)
    assert form.count("(draft)") == 3  # the three most recently changed


def test_an_entry_started_while_the_form_was_open_is_named_after_saving(client, moderator, ana):
    first, second = copies()
    client.force_login(moderator)
    url = f"{ADD_ENTRY}?from_question={second.pk}"
    opened = form_data(client.get(url).content.decode(), "faqentry_form")
    assert NOTE not in page_text(client.get(url))  # nothing to name yet

    answer(signed_in(ana), first)  # Ana saves first
    theirs = FaqEntry.objects.get()
    done = answer(
        client,
        second,
        question="¿Está ICE en las escuelas?",
        slug="ice-escuelas",
        opened_at=opened["opened_at"][0],
    )

    page = page_text(done)
    assert (
        f"While you wrote this one, another FAQ entry that may answer the same question was "
        f'started or changed: <a href="/admin/faq/faqentry/{theirs.pk}/change/">Is ICE at '
        f"schools?</a> (draft, last changed by Ana Ruiz). Read both, then keep one" in page
    )
    # Nothing typed is lost: the entry is saved and answers its question.
    mine = FaqEntry.objects.get(slug="ice-escuelas")
    second.refresh_from_db()
    assert (second.faq_entry, mine.question) == (mine, "¿Está ICE en las escuelas?")


@pytest.mark.parametrize("opened_at", ["", "yesterday", "2026-01-01T10:00:00"])
def test_a_form_that_cannot_say_when_it_was_opened_is_told_of_every_entry(
    client, moderator, ana, opened_at
):
    # A tab opened before add pages said when, or an edited page: told too much, not nothing.
    first, second = copies()
    answer(signed_in(ana), first)
    client.force_login(moderator)

    done = answer(client, second, slug="ice-escuelas", opened_at=opened_at)

    assert done.status_code == 200
    assert f"{MEANWHILE}, another FAQ entry" in page_text(done)
    assert FaqEntry.objects.filter(slug="ice-escuelas").exists()


def test_an_entry_named_when_the_form_opened_is_not_named_again_after_saving(
    client, moderator, ana
):
    first, second = copies()
    answer(signed_in(ana), first)
    client.force_login(moderator)
    url = f"{ADD_ENTRY}?from_question={second.pk}"
    page = client.get(url).content.decode()
    assert "Is ICE at schools?</a> (draft, last changed by Ana Ruiz)" in html.unescape(page)
    opened = form_data(page, "faqentry_form")

    done = answer(client, second, slug="ice-escuelas", opened_at=opened["opened_at"][0])

    assert MEANWHILE not in page_text(done)
    assert "was added and answers this reader question" in page_text(done)


def test_a_questions_own_page_names_an_entry_started_from_a_copy(client, moderator, ana):
    first, second = copies()
    answer(signed_in(ana), first, status="published")
    entry = FaqEntry.objects.get()
    client.force_login(moderator)

    page = page_text(client.get(f"{QUEUE}{second.pk}/change/"))

    assert (
        f'{NOTE}: <a href="/admin/faq/faqentry/{entry.pk}/change/">Is ICE at schools?</a> '
        f"(published, last changed by Ana Ruiz)" in page
    )


def test_staff_who_cannot_moderate_learn_nothing_of_entries_started_from_questions(
    client, editor, ana, django_user_model
):
    first, second = copies()
    answer(signed_in(ana), first)
    moderators_page = page_text(signed_in(ana).get(f"{QUEUE}{second.pk}/change/"))
    assert f"{NOTE}: " in moderators_page  # what the others must not learn
    client.force_login(editor)

    form = page_text(client.get(f"{ADD_ENTRY}?from_question={second.pk}"))
    assert NOTE not in form and "Is ICE at schools?" not in form
    saved = answer(client, second, question="ICE y escuelas", slug="ice-escuelas")
    told = " ".join(str(message) for message in saved.context["messages"])
    assert "ICE y escuelas" in told  # saved, as a plain entry, and nothing said of Ana's
    assert MEANWHILE not in told and "Is ICE at schools?" not in told

    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_submittedquestion", "view_faqentry"])
    )
    client.force_login(clerk)
    response = client.get(f"{QUEUE}{second.pk}/change/")
    assert response.status_code == 200
    assert NOTE not in page_text(response) and "Is ICE at schools?" not in page_text(response)
