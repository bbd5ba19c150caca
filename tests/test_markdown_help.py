"""The formatting help under each Markdown editor: editors come from word processors, and what
it tells them to type must render as it says."""

import html

import pytest

from portal.markdown import render_markdown, render_with_toc
from portal.markdown_checks import validate_body_markdown, validate_markdown
from portal.markdown_help import EXAMPLES, examples_for
from tests.factories import make_article, make_faq


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: str(example.what))
def test_each_example_renders_as_the_help_says(example):
    assert example.renders in render_with_toc(example.typed)[0]
    if not example.explainers_only:
        assert example.renders in render_markdown(example.typed)


def test_a_text_written_from_the_help_saves_without_a_form_error():
    for field, validate in [("body", validate_body_markdown), ("answer", validate_markdown)]:
        text = "\n\n".join(example.typed for example in examples_for(field))
        validate(text)


@pytest.mark.django_db
def test_the_help_is_under_the_editor_of_explainers_and_faq_entries(client, editor):
    client.force_login(editor)
    pages = {
        "body": client.get(f"/admin/articles/article/{make_article().pk}/change/"),
        "answer": client.get(f"/admin/faq/faqentry/{make_faq().pk}/change/"),
        "new body": client.get("/admin/articles/article/add/"),
    }
    for name, response in pages.items():
        page = response.content.decode()
        assert '<details class="markdown-help">' in page, name
        assert html.escape("| Law | Year |") in page and "Insert an image" in page
    # An FAQ answer is shown on several pages: a link to a place in it leads nowhere.
    assert "A link to a heading" in pages["body"].content.decode()
    assert "A link to a heading" not in pages["answer"].content.decode()
