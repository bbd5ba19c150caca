"""A reader in trouble (agents at the door, a relative detained) who turns to the site: told,
before waiting on it, what it can't do and where to go instead; never left thinking a question
was sent when it wasn't; led to the short answers without scrolling through a whole explainer."""

import pytest

from articles.models import Article
from faq.models import SubmittedQuestion
from tests.factories import make_article, make_faq
from tests.helpers.questions import ask

pytestmark = pytest.mark.django_db

NOT_URGENT_HELP = "We answer in days, not hours"
EMERGENCY = "In an emergency, call 911."
NO_URGENT_HELP_ES = "Respondemos en días, no en horas"


def test_the_ask_form_says_what_it_cant_do_before_anything_is_typed(client):
    page = client.get("/faq/ask/").content.decode()
    # Before the question box, in English, and in the Spanish box's first lines.
    assert page.index(NOT_URGENT_HELP) < page.index('name="question"')
    assert EMERGENCY in page
    assert page.index(NO_URGENT_HELP_ES) < page.index('name="question"')


def test_the_thank_you_page_says_it_too_in_spanish_for_a_spanish_question(client):
    thanks = ask(client, action="send", question="¿Puede la policía entrar a mi casa sin orden?")
    page = client.get(thanks.url).content.decode()
    assert NOT_URGENT_HELP in page and NO_URGENT_HELP_ES in page


def test_the_too_many_questions_page_says_it_and_a_long_wait_in_hours(client, settings):
    settings.FAQ_ASK_LIMIT = 0
    settings.FAQ_ASK_PERIOD = 24 * 3600
    page = ask(client, action="send").content.decode()
    assert NOT_URGENT_HELP in page
    # The window is the day by the clock: the tests' clock is 16 hours from its end, not
    # "960 minutes".
    assert "Please try again in 16 hours." in page


@pytest.mark.parametrize(
    "period, wait", [(6600, "in 80 minutes."), (6000, "in 2 hours."), (5400, "in 60 minutes.")]
)
def test_up_to_an_hour_and_a_half_is_said_in_minutes(client, settings, period, wait):
    # The tests' clock is 80, 100 and 60 minutes from the end of these windows.
    settings.FAQ_ASK_LIMIT = 0
    settings.FAQ_ASK_PERIOD = period
    assert f"Please try again {wait}" in ask(client, action="send").content.decode()


def test_a_question_held_back_says_it_was_not_sent_once(client):
    # Without JavaScript, the first press looks for answers and for personal details: a
    # reader who skims an answer and closes the tab thought the question had gone.
    make_faq(question="Do I have to open the door to immigration agents?")
    page = ask(client, question="Do I have to open the door to immigration agents? 555-0100")
    body = page.content.decode()
    assert "Check existing answers" in body and "take them out" in body
    assert body.count("Your question has not been sent yet.") == 1
    assert not SubmittedQuestion.objects.exists()


def test_an_explainer_leads_straight_to_its_short_answers(client):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Short answer" not in page  # none yet: no link to an empty section
    make_faq(articles=[article])
    make_faq(articles=[article])
    page = client.get(article.get_absolute_url()).content.decode()
    link = '<a href="#article-faq-heading">Short answers to 2 questions readers ask</a>'
    assert page.index(link) < page.index('class="prose"')
    assert 'id="article-faq-heading"' in page


def test_the_demo_explainers_are_not_dated_updated_by_their_own_sources():
    from django.core.management import call_command

    call_command("load_demo", no_accounts=True, verbosity=0)
    assert Article.objects.filter(sources__isnull=False).exists()
    assert not [article.slug for article in Article.objects.all() if article.show_updated]


def test_a_mistyped_address_offers_to_search_for_its_words(client):
    # A link from a text message or print, cut short or mistyped.
    page = client.get("/articles/ice-at-my-door/")
    assert page.status_code == 404
    assert '<a href="/search/?q=ice%20at%20my%20door">Search for “ice at my door”</a>' in (
        page.content.decode()
    )
    # Not a file a scanner asks for, a number, or an address that isn't a piece's.
    for address in ["/articles/wp-login.php", "/articles/12345/", "/no/such/page"]:
        body = client.get(address).content.decode()
        assert "Search for" not in body and '<a href="/search/">Search the site</a>' in body
