"""Admin pages whose size would otherwise grow with the archive: explainers are picked by
typing, not from a list of every one, and the question queue's filters read titles only.
(A volume audit at 20,000 explainers found these pages taking 1-3 s and megabytes.)"""

import datetime
import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_faq, make_question

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"


def picked(client, model_name, field_name, term):
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "faq", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in json.loads(response.content)["results"]]


@pytest.mark.parametrize("url", ["/admin/faq/faqentry/add/", "/admin/faq/faqentry/{}/change/"])
def test_an_faq_entry_page_lists_only_the_explainers_it_links_not_every_one(client, editor, url):
    linked = make_article(title="Bail hearings")
    make_article(title="Jury selection")
    entry = make_faq(articles=[linked])
    client.force_login(editor)

    page = client.get(url.format(entry.pk)).content.decode()

    assert "Jury selection" not in page
    if "change" in url:
        assert f'<option value="{linked.pk}" selected>Bail hearings</option>' in page


def test_explainers_are_found_for_an_faq_entry_by_title_or_summary_as_typed(
    client, editor, moderator
):
    make_article(title="Bail hearings", summary="What a judge weighs.")
    make_article(title="Jury selection", body="Nothing about a judge's bail here.")
    for user in [editor, moderator]:  # moderators write entries that answer questions
        client.force_login(user)
        assert picked(client, "faqentry", "related_articles", "bail") == ["Bail hearings"]
        assert picked(client, "faqentry", "related_articles", "weighs") == ["Bail hearings"]


def test_a_moderator_links_a_question_to_an_entry_found_as_typed(client, moderator):
    make_faq(question="Can I film the police?")
    make_faq(question="Do I need a permit to protest?")
    question = make_question()
    client.force_login(moderator)

    page = client.get(f"/admin/faq/submittedquestion/{question.pk}/change/").content.decode()

    assert "Do I need a permit to protest?" not in page
    assert picked(client, "submittedquestion", "faq_entry", "film") == ["Can I film the police?"]


def test_the_queues_article_filter_names_asked_about_explainers_without_loading_them(
    client, moderator
):
    asked = make_article(title="Bail hearings", body="A long body. " * 500)
    make_article(title="Jury selection")
    make_question(article=asked)
    client.force_login(moderator)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/faq/submittedquestion/")

    filters = response.content.decode().split('id="changelist-filter"')[1]
    assert f"?article__id__exact={asked.pk}" in filters and "Bail hearings" in filters
    assert "Jury selection" not in filters
    assert not any("body_html" in query["sql"] for query in queries)


def test_the_queue_filters_by_when_a_question_arrived(client, moderator):
    make_question(question="Asked this morning about curfews?")
    make_question(
        question="Asked last month about permits?",
        created_at=timezone.now() - datetime.timedelta(days=30),
    )
    client.force_login(moderator)
    page = client.get("/admin/faq/submittedquestion/").content.decode()
    filters = page.split('id="changelist-filter"')[1]
    link = re.search(r'<a href="(\?created_at__gte=[^"]+)"[^>]*>Past 7 days</a>', filters)

    listed = client.get("/admin/faq/submittedquestion/" + html.unescape(link[1]))

    assert [q.question for q in listed.context["cl"].result_list] == [
        "Asked this morning about curfews?"
    ]
