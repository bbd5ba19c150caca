"""Text longer than its field allows: the admin keeps all of it and says how long it is, where
a `maxlength` would have let the browser cut a pasted text silently, mid-word."""

import re

import pytest

from tests.helpers.admin_forms import ADD_ARTICLE, ADD_ENTRY, article_form, entry_form

pytestmark = pytest.mark.django_db

LIMITED = [
    (ADD_ARTICLE, article_form, "title", 200),
    (ADD_ARTICLE, article_form, "summary", 400),
    (ADD_ENTRY, entry_form, "question", 300),
]


def field_tag(html, name):
    [tag] = re.findall(rf'<(?:input|textarea)[^>]* name="{name}"[^>]*>', html)
    return tag


@pytest.mark.parametrize("url, form, name, limit", LIMITED)
def test_the_browser_is_not_told_to_cut_long_text(client, editor, url, form, name, limit):
    client.force_login(editor)
    assert "maxlength" not in field_tag(client.get(url).content.decode(), name)


def test_a_sources_fields_are_not_cut_either(client, editor):
    client.force_login(editor)
    html = client.get(ADD_ARTICLE).content.decode()
    for name in ["title", "publisher", "url"]:
        assert "maxlength" not in field_tag(html, f"sources-0-{name}")


@pytest.mark.parametrize("url, form, name, limit", LIMITED)
def test_an_over_long_text_is_kept_with_its_length_said(client, editor, url, form, name, limit):
    client.force_login(editor)
    text = ("Residents may ask the county " * 20)[: limit + 40].strip()
    response = client.post(url, form(**{name: text}))
    html = response.content.decode()
    assert response.status_code == 200  # the form again, nothing saved
    assert f"Ensure this value has at most {limit} characters (it has {len(text)})." in html
    assert text in html
