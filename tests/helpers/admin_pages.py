"""Admin pages opened and saved the way a browser does: the form read from the page."""

from django.urls import reverse

from tests.factories import make_article, make_faq
from tests.helpers.accounts import signed_in
from tests.html_forms import form_data

KINDS = {
    "article": (make_article, "/admin/articles/article/{}/change/", "article_form", "body"),
    "faq entry": (make_faq, "/admin/faq/faqentry/{}/change/", "faqentry_form", "answer"),
}


def opened(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.content.decode(), form_id)


def opened_as(user, obj):
    """`user` signed in with `obj`'s admin change page open: (client, url, its form's data)."""
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    client = signed_in(user)
    return client, url, opened(client, url, f"{opts.model_name}_form")


def saves(client, url, form_id, changes):
    """`client` opens the page, makes `changes` and saves it (someone else, meanwhile)."""
    assert client.post(url, opened(client, url, form_id) | changes).status_code == 302


def versions_url(piece, version=None):
    opts = piece._meta
    if version is None:
        name, args = "versions", [piece.pk]
    else:
        name, args = "version", [piece.pk, version.pk]
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def faq_list_form(client):
    page = client.get("/admin/faq/faqentry/").content.decode()
    return form_data(page, "changelist-form") | {"_save": ["Save"]}


def order_field(form, entry):
    (name,) = [name for name, value in form.items() if value == [str(entry.pk)] and "-id" in name]
    return name.replace("-id", "-order")
