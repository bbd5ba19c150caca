"""Reading search results the way the tests need them."""

import re


def result_titles(response):
    """Result titles in page order, marks removed."""
    html = response.content.decode()
    # [^>]*: a Spanish FAQ entry's title is marked lang="es".
    title = r'<h2 class="search-result__title"[^>]*><a href="[^"]*">(.*?)</a></h2>'
    titles = re.findall(title, html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response


def result_snippets(response):
    """Result snippets in page order, as HTML."""
    html = response.content.decode()
    return re.findall(r'<p class="search-result__snippet"[^>]*>(.*?)</p>', html, re.S)
