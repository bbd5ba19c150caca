"""A reader who reads Spanish first finds the answers written in Spanish, is told which pages
are in English before opening them, and is pointed on in Spanish."""

import re

import pytest

from tests.factories import make_article, make_faq

pytestmark = pytest.mark.django_db

SPANISH = "¿Tengo que abrir la puerta si la policía toca?"


def spanish_entry(**fields):
    return make_faq(question=SPANISH, slug="abrir-la-puerta", language="es", **fields)


def test_the_faq_gathers_the_answers_written_in_spanish(client):
    spanish_entry()
    make_faq(question="Do I have to open the door to the police?")
    body = client.get("/faq/").content.decode()
    assert '<li><a href="#en-espanol" lang="es">En español</a></li>' in body
    (section,) = re.findall(r'<section class="faq-spanish" lang="es".*?</section>', body, re.S)
    assert f'<a href="/faq/abrir-la-puerta/">{SPANISH}</a>' in section
    assert "Do I have to open" not in section and "puede escribirla en español" in section


def test_without_spanish_answers_the_faq_and_home_point_to_none(client):
    make_faq(question="Do I have to open the door to the police?")
    assert "en-espanol" not in client.get("/faq/").content.decode()
    home = client.get("/").content.decode()
    assert '<p class="intro__es" lang="es">¿Lee en español?' in home  # asking still works
    assert "en-espanol" not in home


def test_home_points_spanish_readers_to_the_answers_in_spanish(client):
    spanish_entry()
    home = client.get("/").content.decode()
    assert '<a href="/faq/#en-espanol">nuestras respuestas en español</a>' in home


def test_a_spanish_answer_says_its_explainers_are_in_english_and_leads_on_in_spanish(client):
    article = make_article(title="Your rights at the door")
    body = client.get(spanish_entry(articles=[article]).get_absolute_url()).content.decode()
    assert '<p lang="es">Estas explicaciones están en inglés.</p>' in body
    assert '<a href="/faq/#en-espanol">Todas las respuestas en español</a>' in body
    assert "Haga una pregunta (puede escribirla en español)" in body
    english = make_faq(question="Do I have to open the door?", articles=[article])
    body = client.get(english.get_absolute_url()).content.decode()
    assert "en inglés" not in body and "en-espanol" not in body


def test_search_results_say_which_are_in_the_other_language(client):
    spanish_entry(answer="No tiene que abrir la puerta sin una orden judicial (a warrant).")
    make_article(title="Opening the door to the police", body="Without a warrant, you don't.")
    english = client.get("/search/", {"q": "warrant"}).content.decode()
    assert '· <span lang="es">en español</span>' in english and "en inglés" not in english
    spanish = client.get("/search/", {"q": "abrir la puerta policía"}).content.decode()
    assert '· <span lang="es">en inglés</span>' in spanish


def test_a_spanish_search_that_finds_nothing_offers_to_ask_in_spanish(client):
    make_article(title="City budgets")
    body = client.get("/search/", {"q": "¿Cuándo es la audiencia de mi hermano?"}).content.decode()
    assert "nvíenos esta pregunta</a>: puede escribirla en español" in body  # E or e
    english = client.get("/search/", {"q": "when is my brothers hearing"}).content.decode()
    assert "envíenos" not in english
