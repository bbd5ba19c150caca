"""The admin's lists: they say what readers see, and answer odd input with the list and a
message, never a server error."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from faq.models import FaqEntry, SubmittedQuestion
from tests.factories import draft, make_article, make_faq, make_question, make_topic, scheduled
from tests.helpers.admin_pages import faq_list_form, order_field

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"
QUEUE = "/admin/faq/submittedquestion/"


def test_a_document_pasted_into_the_search_box_searches_its_first_words(client, editor):
    # SQLite refuses a query nested as deep as a thousand words make (a pasted document).
    make_article(title="How bail works", summary="What a judge weighs.")
    client.force_login(editor)
    paragraph = "How bail works " + " ".join(f"word{n}" for n in range(1000))
    response = client.get(ARTICLES, {"q": paragraph})
    assert response.status_code == 200
    assert client.get(ARTICLES, {"q": "bail works"}).context["cl"].result_count == 1


@pytest.mark.parametrize(
    "params",
    [
        {"published_at__year": "9999"},
        {"published_at__year": "9999", "published_at__month": "12", "published_at__day": "31"},
        {"published_at__year": "99999999999999999999"},
        {"published_at__gte": "9999-12-31 23:00:00-06:00"},
    ],
)
def test_dates_out_of_range_in_an_edited_address_give_the_whole_list(client, editor, params):
    make_article()
    client.force_login(editor)
    response = client.get(ARTICLES, params)
    if response.status_code == 200:
        # PostgreSQL's timestamps reach past the year 9999: an empty list, rightly.
        assert connection.vendor == "postgresql" and response.context["cl"].result_count == 0
        return
    assert response.status_code == 302 and response["Location"] == f"{ARTICLES}?e=1"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "couldn&#x27;t be used, so the whole list is shown" in page.content.decode()


@pytest.mark.parametrize("url", [ARTICLES, "/admin/faq/faqentry/", QUEUE])
def test_a_nul_byte_in_a_list_filter_never_gives_a_server_error(client, moderator, editor, url):
    # PostgreSQL refuses NUL in text; SQLite simply finds nothing.
    client.force_login(moderator if url == QUEUE else editor)
    field = "state__exact" if url == QUEUE else "status__exact"
    assert client.get(url, {field: "\x00"}, follow=True).status_code == 200


@pytest.mark.parametrize("selected", ["abc", "1.5", "\x00", "99999999999999999999"])
def test_a_selection_that_is_not_ids_is_refused_with_a_message(client, moderator, selected):
    question = make_question()
    client.force_login(moderator)
    form = {"action": "reject", "_selected_action": [str(question.pk), selected], "index": 0}
    response = client.post(QUEUE, form, follow=True)
    assert response.status_code == 200
    assert "The selection couldn&#x27;t be read" in response.content.decode()
    question.refresh_from_db()
    assert question.state == SubmittedQuestion.State.NEW


def test_ordering_faq_entries_in_the_list_works_whatever_their_slugs(client, editor):
    # An entry saved outside the admin may hold an address the form would refuse; the list only
    # edits its order, so it must not trip over the slug.
    entry = make_faq(slug="ask")
    client.force_login(editor)
    form = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
        "form-0-id": str(entry.pk), "form-0-order": "5", "_save": "Save",
    }  # fmt: skip
    assert client.post("/admin/faq/faqentry/", form).status_code == 302
    entry.refresh_from_db()
    assert entry.order == 5
    assert FaqEntry.objects.get().slug == "ask"


def test_saving_the_faq_order_from_a_list_opened_earlier_keeps_others_changes(
    client, editor, admin_client
):
    first, second = make_faq(order=1), make_faq(order=2)
    client.force_login(editor)
    mine, theirs = faq_list_form(client), faq_list_form(admin_client)

    theirs[order_field(theirs, second)] = ["7"]
    assert admin_client.post("/admin/faq/faqentry/", theirs).status_code == 302
    mine[order_field(mine, first)] = ["3"]
    assert client.post("/admin/faq/faqentry/", mine).status_code == 302

    assert dict(FaqEntry.objects.values_list("pk", "order")) == {first.pk: 3, second.pk: 7}


def test_saving_the_faq_order_never_writes_back_an_answer_saved_meanwhile(client, editor):
    # The list reads its rows, then opens its save's transaction: an answer another editor
    # saves in between must stay.
    entry = make_faq(order=1, answer="Old answer.")
    client.force_login(editor)
    form = faq_list_form(client)
    form[order_field(form, entry)] = ["5"]
    saved_meanwhile = []

    def answer_saved_before_the_transaction(execute, sql, params, many, context):
        if not saved_meanwhile and sql.lstrip().upper().startswith(("SAVEPOINT", "BEGIN")):
            saved_meanwhile.append(FaqEntry.objects.filter(pk=entry.pk).update(answer="New."))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(answer_saved_before_the_transaction):
        assert client.post("/admin/faq/faqentry/", form).status_code == 302
    assert saved_meanwhile == [1]
    entry.refresh_from_db()
    assert (entry.order, entry.answer) == (5, "New.")


def test_saving_the_faq_order_after_an_entry_on_the_page_was_deleted_says_so(client, editor):
    kept, deleted = make_faq(order=1), make_faq(order=2)
    client.force_login(editor)
    mine = faq_list_form(client)
    deleted.delete()

    response = client.post("/admin/faq/faqentry/", mine)

    assert response.status_code == 200
    assert "was deleted since you opened it, so nothing was saved" in response.content.decode()
    kept.refresh_from_db()
    assert kept.order == 1


def test_filters_still_unusable_after_the_redirect_get_a_plain_explanation(client, editor):
    client.force_login(editor)
    page = client.get(ARTICLES, {"e": "1", "published_at__year": "9999"}).content.decode()
    assert "These filters can't be used" in page and "database installation" not in page
    assert "Django administration" not in page
    assert '<a href="?">Show the whole list</a>' in page


def test_a_form_too_large_to_send_says_so(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(editor)
    response = client.post(ARTICLES + "add/", {"title": "x", "body": "y" * 2000})
    assert response.status_code == 400
    page = response.content.decode()
    assert "That was too much to send at once" in page and "at most 1000\xa0bytes" in page


@pytest.mark.parametrize("url", ["/admin/articles/article/", "/admin/faq/faqentry/"])
def test_lists_say_whether_readers_see_each_piece_and_filter_by_it(client, editor, url):
    soon = timezone.now() + datetime.timedelta(days=2)
    if "faq" in url:
        live, later, hidden = make_faq(), make_faq(published_at=soon), make_faq(status="draft")
        name = "question"
    else:
        live, later, hidden = make_article(), scheduled(), draft()
        name = "title"
    client.force_login(editor)
    page = client.get(url).content.decode()
    # A scheduled piece reads as scheduled, not "Published" next to a red cross.
    assert "Scheduled: from" in page and "No: draft" in page and "Yes, since" in page
    for value, shown in [("yes", live), ("scheduled", later), ("draft", hidden)]:
        listed = client.get(url, {"visible": value}).content.decode()
        for piece in (live, later, hidden):
            assert (getattr(piece, name) in listed) == (piece == shown), (value, piece)


@pytest.mark.parametrize("url", [ARTICLES, "/admin/faq/faqentry/"])
def test_the_topic_filter_names_its_choice_for_pieces_without_a_topic(client, editor, url):
    make_article(topics=[make_topic(name="Courts")])
    make_faq(topics=[make_topic(name="Policing")])
    client.force_login(editor)

    page = client.get(url).content.decode()

    assert "topics__isnull=True" in page and ">No topic</a>" in page


def test_a_nul_byte_in_a_pickers_search_finds_what_the_rest_of_the_words_find(client, editor):
    # PostgreSQL refuses NUL in text: it was a server error there. (The list's search box
    # drops NUL in Django's own form.)
    make_article(title="How bail works")
    client.force_login(editor)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "faq",
            "model_name": "faqentry",
            "field_name": "related_articles",
            "term": "bail\x00",
        },
    )
    assert response.status_code == 200
    assert "How bail works" in response.content.decode()


def test_the_pickers_say_which_pieces_are_not_published(client, editor, moderator):
    # Answering readers with a draft emails nobody until it is published: a choice to make
    # knowingly, as is relating an explainer that isn't out.
    make_faq(question="Can a landlord report tenants?")
    make_faq(question="Can a landlord evict for asking?", status="draft")
    make_question()
    client.force_login(moderator)
    picked = client.get(
        "/admin/autocomplete/",
        {"app_label": "faq", "model_name": "submittedquestion", "field_name": "faq_entry",
         "term": "landlord"},
    ).json()["results"]  # fmt: skip
    assert sorted(result["text"] for result in picked) == [
        "Can a landlord evict for asking? (not published)",
        "Can a landlord report tenants?",
    ]
    draft(title="How bail works, draft")
    client.force_login(editor)
    picked = client.get(
        "/admin/autocomplete/",
        {"app_label": "faq", "model_name": "faqentry", "field_name": "related_articles",
         "term": "bail"},
    ).json()["results"]  # fmt: skip
    assert [result["text"] for result in picked] == ["How bail works, draft (not published)"]


def test_the_faq_list_filters_by_language(client, editor):
    """For the moderator answering in Spanish: the entries already written in Spanish."""
    spanish = make_faq(question="¿Pueden entrar a mi casa?", language="es")
    make_faq(question="Can they enter my home?")
    client.force_login(editor)
    response = client.get("/admin/faq/faqentry/", {"language__exact": "es"})
    assert [row.pk for row in response.context["cl"].result_list] == [spanish.pk]
    assert 'href="?language__exact=es"' in client.get("/admin/faq/faqentry/").content.decode()
