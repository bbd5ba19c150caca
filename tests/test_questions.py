"""Readers ask questions: the form, deflection, bad input and every spam defence."""

import contextlib
import html
import re
import socket
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client, override_settings

import faq.emails
from faq.asking import SUGGESTIONS_PER_HOUR
from faq.forms import QUESTION_MAX_CHARS, QUESTION_MIN_CHARS, seconds_since_start, started_token
from faq.models import FaqEntry, SubmittedQuestion
from portal.ratelimit import counters, warn_untrusted_forwarding
from tests.factories import draft, make_article, make_faq
from tests.helpers.caches import redis_cache
from tests.helpers.questions import QUESTION, ask
from tests.helpers.servers import closed_port, database_at, unreachable

pytestmark = pytest.mark.django_db


def test_form_is_labelled_explains_what_is_stored_and_is_never_cached(client):
    response = client.get("/faq/ask/")
    body = response.content.decode()
    assert response.status_code == 200
    for field in ["question", "name", "email"]:
        assert f'<label for="id_{field}">' in body
    assert "90 days after we answer" in body and "not answered 365 days after" in body
    assert "We don't keep your internet address" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert '<script src="/static/js/ask.js" defer></script>' in body
    assert "style=" not in body and "<script>" not in body


def test_the_length_limits_are_told_as_they_are_checked(client):
    """The help text, the server's check and the browser's suggestions use the same limits."""
    body = client.get("/faq/ask/").content.decode()
    assert f"Between {QUESTION_MIN_CHARS} and {QUESTION_MAX_CHARS:,} characters" in body
    assert f'data-min-chars="{QUESTION_MIN_CHARS}"' in body
    too_short = ask(client, question="x" * (QUESTION_MIN_CHARS - 1)).content.decode()
    assert "Please use at least" in too_short
    assert ask(client, question="x" * QUESTION_MIN_CHARS, action="send").status_code == 302


@pytest.mark.parametrize(
    "question", ["ICE has my A-number 123 456 789. Where is my son?", "Email me at ana@example.org"]
)
def test_personal_details_are_pointed_out_before_the_question_is_stored(client, question):
    """Questions may be published: an A-number or an address typed in a hurry on a raid day."""
    checked = ask(client, question=question)
    body = checked.content.decode()
    assert checked.status_code == 200 and not SubmittedQuestion.objects.exists()
    assert "Your question may include personal details" in body
    assert "<title>Check your question ·" in body
    assert f"{question}</textarea>" in body  # to edit, not to type again
    assert ask(client, question="Can the police enter my home?").status_code == 302  # taken out
    # Or sent as it is: "a 2019 arrest" is no one's details.
    assert ask(client, action="send", question=question).status_code == 302
    assert SubmittedQuestion.objects.count() == 2


def test_after_the_answers_shown_while_typing_only_personal_details_stop_the_question(client):
    """static/js/ask.js sends "seen" once it has shown the answers that may help."""
    make_faq(question="Can the police enter my home?")
    personal = ask(client, action="seen", question="Can the police enter my home? Case 554433")
    assert "Your question may include personal details" in personal.content.decode()
    assert ask(client, action="seen", question="Can the police enter my home?").status_code == 302
    assert SubmittedQuestion.objects.get().question == "Can the police enter my home?"


def test_personal_details_are_pointed_out_in_spanish_too(client):
    body = ask(client, question="¿Dónde está mi hijo? Su número de caso es 123456789").content
    assert '<p lang="es">Su pregunta puede incluir datos personales' in body.decode()


def test_control_characters_are_not_kept(client):
    """Pasted from a PDF or sent by a script: invisible in the queue, boxes on a page."""
    ask(client, action="send", question="Can\x01 police\x0b enter\x02 my home?", name="Ana\x1b")
    question = SubmittedQuestion.objects.get()
    assert (question.question, question.name) == ("Can police  enter my home?", "Ana")
    # Nothing but control characters is no question.
    response = ask(client, action="send", question="\x01" * 12 + "ok?")
    assert "Please use at least 10 characters" in response.content.decode()
    response = ask(client, action="send", question="\u200b" * 12 + "ok?")  # zero-width spaces
    assert "Please use at least 10 characters" in response.content.decode()
    assert SubmittedQuestion.objects.count() == 1


def test_ask_us_this_question_after_a_search_brings_the_words_along(client):
    search = client.get("/search/?q=can+police+film+me").content.decode()
    link = re.search(r'href="(/faq/ask/\?q=can%20police%20film%20me&amp;started=[^"]+)"', search)
    body = client.get(html.unescape(link[1])).content.decode()
    assert ">\ncan police film me</textarea>" in body
    body = client.get("/faq/ask/", {"q": "<b>\x00\x01x</b>" + "y" * 2000}).content.decode()
    assert "&lt;b&gt;x" in body and "<b>" not in body and "\x01" not in body
    assert "y" * 1000 not in body


def test_a_question_brought_from_a_search_counts_its_time_from_the_search(client):
    # The reader typed the words on the search page: counted from the form's opening, sending
    # them straight away was refused as "very quick".
    search = client.get("/search/?q=how+long+can+police+keep+my+car").content.decode()
    link = html.unescape(re.search(r'href="(/faq/ask/\?q=[^"]+)"', search)[1])
    token = parse_qs(urlsplit(link).query)["started"][0]
    assert 0 <= seconds_since_start(token) < 5  # signed as the search page was shown
    assert f'name="started" value="{token}"' in client.get(link).content.decode()
    # A start time in the link that isn't ours, or is too old, is a fresh one as before.
    for token in ("forged", started_token(time.time() - 3 * 24 * 3600)):
        form = client.get("/faq/ask/", {"q": "Keep my car?", "started": token}).content.decode()
        started = re.search(r'name="started" value="([^"]+)"', form)[1]
        assert started != token and 0 <= seconds_since_start(started) < 5


def test_name_and_email_can_be_filled_in_by_the_browser(client):
    body = client.get("/faq/ask/").content.decode()
    assert 'autocomplete="name"' in body and 'autocomplete="email"' in body


def test_article_prefill_and_unknown_or_hostile_article_fall_back(client):
    make_article(title="Your rights at a protest", slug="protest-rights")
    body = client.get("/faq/ask/?article=protest-rights").content.decode()
    assert 'name="article" value="protest-rights"' in body and "Your rights at a protest" in body
    hidden = draft(slug="draft-piece", title="Draft piece title")
    for value in ["nope", hidden.slug, '"><script>alert(1)</script>', "a\x00b", "x" * 5000]:
        response = client.get("/faq/ask/", {"article": value})
        body = response.content.decode()
        assert response.status_code == 200
        assert 'name="article"' not in body and "<script>alert" not in body
        assert "Draft piece title" not in body
    ask(client, article="nope")
    assert SubmittedQuestion.objects.get().article is None


def test_a_form_opened_before_its_explainer_was_renamed_keeps_the_explainer(client):
    article = make_article(slug="raid-rumours")
    started = started_token(time.time() - 30)  # the form was opened, then the editor renamed
    article.slug = "what-happened-in-the-raid"
    article.save()
    client.post(
        "/faq/ask/",
        {"question": QUESTION, "article": "raid-rumours", "started": started, "action": "send"},
    )
    assert SubmittedQuestion.objects.get().article == article


def test_a_question_is_stored_and_the_reader_is_told_what_happens_next(client):
    article = make_article(slug="detainers")
    response = ask(client, article="detainers", name="Dana", email="dana@example.org")
    assert response.status_code == 302 and response["Location"] == "/faq/ask/thanks/"
    question = SubmittedQuestion.objects.get()
    assert (question.question, question.name, question.email) == (
        QUESTION,
        "Dana",
        "dana@example.org",
    )
    assert question.article == article and question.state == "new"
    thanks = client.get("/faq/ask/thanks/")
    assert "What happens next" in thanks.content.decode()
    assert "90 days after we answer" in thanks.content.decode()
    assert "not answered 365 days after" in thanks.content.decode()
    assert "no-cache" in thanks["Cache-Control"]
    # Nothing the asker typed is shown publicly.
    for url in ["/", "/faq/", article.get_absolute_url(), "/sitemap.xml"]:
        body = Client().get(url).content.decode()
        assert "landlord" not in body and "Dana" not in body, url


def test_existing_answers_are_shown_before_sending_without_javascript(client):
    entry = make_faq(question="Do I need a permit to protest?", slug="permit")
    make_faq(question="Do I need a permit to picket?", status=FaqEntry.Status.DRAFT)
    response = ask(client, question="Do I need a permit for a protest march?")
    body = response.content.decode()
    assert response.status_code == 200 and not SubmittedQuestion.objects.exists()
    assert f'href="{entry.get_absolute_url()}"' in body and "picket" not in body
    assert 'value="send"' in body and "Do I need a permit for a protest march?</textarea>" in body
    response = ask(client, action="send", question="Do I need a permit for a protest march?")
    assert response.status_code == 302 and SubmittedQuestion.objects.count() == 1


def test_explainers_that_may_answer_are_shown_before_sending_too(client):
    # A reader asking what a whole explainer covers is pointed to it, not only to FAQ entries.
    explainer = make_article(
        title="Can immigration agents enter schools, hospitals and churches?",
        summary="Where agents may go, and what they need first.",
        slug="agents-in-schools",
    )
    make_article(title="Can agents enter a school at night?", status="draft")
    text = "Can immigration agents enter a school without a warrant?"
    response = ask(client, question=text)
    body = response.content.decode()
    assert response.status_code == 200 and not SubmittedQuestion.objects.exists()
    assert f'<a href="{explainer.get_absolute_url()}">' in body
    assert "Where agents may go, and what they need first." in body
    assert "at night" not in body  # drafts are never suggested
    fragment = client.post("/faq/ask/suggestions/", {"question": text}).content.decode()
    assert explainer.get_absolute_url() in fragment
    assert ask(client, action="send", question=text).status_code == 302


def test_unrelated_question_is_sent_straight_away(client):
    make_faq(question="Do I need a permit to protest?")
    assert ask(client, question="How are county budgets decided?").status_code == 302


def test_suggestions_fragment_for_javascript(client):
    entry = make_faq(question="Can I film the police at a protest?")
    response = client.post("/faq/ask/suggestions/", {"question": "Is filming police legal?"})
    body = response.content.decode()
    assert response.status_code == 200 and entry.get_absolute_url() in body
    assert "<html" not in body
    empty = client.post("/faq/ask/suggestions/", {"question": "zzzz qqqq wwww"})
    assert empty.status_code == 200 and not empty.content.strip()
    assert client.get("/faq/ask/suggestions/?question=police").status_code == 405
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/faq/ask/suggestions/", {"question": "police x"}).status_code == 403


def test_suggestions_wait_for_ten_characters(client):
    # The threshold static/js/ask.js uses, held on the server too: a shorter text that would
    # match an entry is not searched, whoever posts it.
    make_faq(question="Can I film the police at a protest?")
    short = client.post("/faq/ask/suggestions/", {"question": "Police?"})
    assert short.status_code == 200 and not short.content.strip()


def test_suggestions_stop_searching_past_their_hourly_limit(client):
    entry = make_faq(question="Can I film the police at a protest?")
    for _ in range(SUGGESTIONS_PER_HOUR - 1):
        client.post("/faq/ask/suggestions/", {"question": "Is"})  # counted, too short to search
    last = client.post("/faq/ask/suggestions/", {"question": "Is filming police legal?"})
    assert entry.get_absolute_url() in last.content.decode()
    over = client.post("/faq/ask/suggestions/", {"question": "Is filming police legal?"})
    assert over.status_code == 200 and not over.content.strip()


def test_the_form_rejects_posts_without_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert ask(strict).status_code == 403
    assert not SubmittedQuestion.objects.exists()


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"question": ""}, "question", "Please type your question."),
        ({"question": "   \n\t  "}, "question", "Please type your question."),
        ({"question": "   too short     "}, "question", "Please use at least 10 characters"),
        # Digits grouped as in the help text's "1,000": "1359" reads as another kind of number.
        (
            {"question": "x" * 1359},
            "question",
            "Your question is 1,359 characters long. Please shorten it to 1,000 characters",
        ),
        ({"question": "What about\x00this question?"}, "question", "Null characters"),
        ({"name": "Da\x00na"}, "name", "Null characters"),
        ({"email": "a\x00@example.org"}, "email", "Null characters"),
        # An example of the shape, and the way out: the field is optional.
        (
            {"email": "not an email"},
            "email",
            "An email address looks like this: name@example.org. You can also leave this "
            "field empty.",
        ),
        ({"name": "n" * 101}, "name", "at most 100 characters"),
    ],
)
def test_bad_input_gets_a_clear_error_on_its_field(client, fields, field, message):
    response = ask(client, **fields)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'id="id_{field}_error"' in body
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in body
    assert 'aria-invalid="true"' in body
    assert 'role="alert"' in body
    assert not SubmittedQuestion.objects.exists()


def test_line_breaks_count_once_as_the_browser_counts_them(client):
    # The browser counts each line break as one character but sends two (CR LF).
    lines = ["Can the police stop me on the way home from work?"] * 20
    text = "\r\n".join(lines)
    assert len(text.replace("\r\n", "\n")) == 999 and len(text) > 1000
    assert ask(client, question=text).status_code == 302
    assert SubmittedQuestion.objects.get().question == "\n".join(lines)


def test_a_long_pasted_question_is_never_cut_short_by_the_browser(client):
    textarea = client.get("/faq/ask/").content.decode().split("<textarea", 1)[1].split(">")[0]
    assert "maxlength" not in textarea  # the browser would drop the end without a word
    assert 'minlength="10"' in textarea and "required" in textarea


def test_the_error_summary_lists_every_problem_with_a_link_to_its_field(client):
    response = ask(client, question="short", email="not an email")
    body = response.content.decode()
    assert "<title>Error: Ask a question" in body
    summary = body[body.index('id="ask-errors"') : body.index('class="ask-form"')]
    assert '<a href="#id_question">Your question:' in summary
    assert '<a href="#id_email">Your email (optional): This does not look like' in summary
    assert "id_name" not in summary


def test_html_in_a_question_is_stored_as_text_and_never_reflected_unescaped(client):
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)> http://a.example'
    response = ask(client, question=hostile * 3, name="<b>bold</b>")
    body = response.content.decode()
    assert response.status_code == 200  # rejected: too many links
    assert "<script>alert" not in body and "<img src=x" not in body and "<b>bold" not in body
    assert "&lt;script&gt;alert" in body
    assert ask(client, question='<script>alert("x")</script> is this safe?').status_code == 302
    assert SubmittedQuestion.objects.get().question.startswith("<script>")


def test_honeypot_rejects_politely_and_keeps_the_text(client):
    response = ask(client, website="http://buy.example", name="Sam")
    body = response.content.decode()
    assert response.status_code == 200 and "accept this question" in body
    assert f"{QUESTION}</textarea>" in body and 'value="Sam"' in body
    assert not SubmittedQuestion.objects.exists()
    assert 'name="website" value=""' in body  # sending again as told works
    assert ask(client, name="Sam").status_code == 302


@pytest.mark.parametrize("started", ["now", "", "forged", "expired"])
def test_too_fast_or_missing_start_time_is_rejected_with_a_fresh_start(client, started):
    token = {
        "now": started_token(),
        "": "",
        "forged": started_token(time.time() - 30)[:-4] + "abcd",
        "expired": started_token(time.time() - 3 * 24 * 3600),
    }[started]
    response = ask(client, started=token)
    body = response.content.decode()
    message = "a few seconds after the page opened" if started == "now" else "too long ago"
    assert response.status_code == 200 and message in body
    assert f"{QUESTION}</textarea>" in body
    assert not SubmittedQuestion.objects.exists()
    assert f'value="{token}"' not in body or not token


def test_a_name_is_kept_on_one_line(client):
    # The box has one line: line breaks can only come from a script, setting text apart.
    assert ask(client, action="send", name=" Maria\r\n\n  López\t").status_code == 302
    assert SubmittedQuestion.objects.get().name == "Maria López"


def test_direction_controls_are_taken_out_of_what_a_reader_sends(client):
    # Invisible, they turn the rest of a line around: a moderator read "…we must investigate"
    # where "etagitsevni tsum ew" was stored, and one left open in a name reversed the words
    # after it in the moderators' messages. The marks right-to-left text needs stay.
    question = "Can police enter my home \u202eetagitsevni\u202c without a warrant\u2067?\u200f"
    assert ask(client, action="send", question=question, name="Ana \u202e(ok)").status_code == 302
    sent = SubmittedQuestion.objects.get()
    assert sent.question == "Can police enter my home etagitsevni without a warrant?\u200f"
    assert sent.name == "Ana (ok)"


def test_link_stuffed_question_and_link_in_name_are_rejected(client):
    links = "See http://a.example http://b.example and www.c.example for details, cheap."
    response = ask(client, question=links)
    assert "a lot of links" in response.content.decode()
    response = ask(client, name="Visit spam.example.com")
    assert "without a web address" in response.content.decode()
    assert not SubmittedQuestion.objects.exists()
    ask(client, question="Is this official page right? https://www.ice.gov/detain")
    assert SubmittedQuestion.objects.count() == 1


def test_double_submit_and_repeats_create_one_question(client):
    page = started_token(time.time() - 30)  # one page load, sent twice
    first, second = (
        ask(client, action="send", started=page),
        ask(client, action="send", started=page),
    )
    assert first.status_code == second.status_code == 302
    assert SubmittedQuestion.objects.count() == 1
    assert "so we kept one copy" in client.get(second["Location"]).content.decode()
    # The same text from elsewhere, spacing and case changed, is a duplicate too...
    other = Client(REMOTE_ADDR="198.51.100.9")
    thanks = other.get(ask(other, question=QUESTION.upper().replace(" ", "  "))["Location"])
    assert SubmittedQuestion.objects.count() == 1
    # ...and that reader isn't told: it would confirm that someone else asked it.
    assert "copy" not in thanks.content.decode() and "What happens next" in thanks.content.decode()
    # ...unless that reader left an email: they are told when it is answered, so it is kept.
    ask(Client(REMOTE_ADDR="198.51.100.10"), question=QUESTION, email="sam@example.org")
    assert SubmittedQuestion.objects.filter(email="sam@example.org").count() == 1
    ask(client, question="A different question about rent and ICE?")
    assert SubmittedQuestion.objects.count() == 3


def test_sending_again_with_an_email_adds_it_to_the_stored_question(client):
    # From the same page (one load of the form); a new load stores a second copy (README).
    page = started_token(time.time() - 30)
    ask(client, action="send", name="Dana", started=page)
    response = ask(client, action="send", email="dana@example.org", started=page)
    assert "We will email you" in client.get(response["Location"]).content.decode()
    question = SubmittedQuestion.objects.get()
    assert (question.name, question.email) == ("Dana", "dana@example.org")


def test_another_reader_cannot_put_their_email_on_someone_elses_question(client):
    ask(client, action="send", name="Dana")
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    ask(stranger, action="send")  # the same words: a duplicate, nothing stored...
    ask(stranger, action="send", name="Lee", email="lee@example.org")  # ...then with an email
    dana = SubmittedQuestion.objects.get(name="Dana")
    assert dana.email == ""  # Dana's question and its answer email stay Dana's
    # The stranger asked to hear back, so their copy is kept with their own address.
    assert SubmittedQuestion.objects.get(email="lee@example.org").name == "Lee"


def test_readers_sharing_a_network_never_join_each_others_questions(client):
    # A library's Wi-Fi or a phone carrier puts many readers behind one address.
    ask(client, action="send", name="Dana")
    neighbour = Client()  # the same address, another browser
    thanks = neighbour.get(ask(neighbour, action="send")["Location"]).content.decode()
    assert "copy" not in thanks  # not told that someone there asked it
    ask(neighbour, action="send", name="Lee", email="lee@example.org")
    dana = SubmittedQuestion.objects.get(name="Dana")
    assert dana.email == ""  # Dana's question and its answer email stay Dana's
    assert SubmittedQuestion.objects.get(email="lee@example.org").name == "Lee"


def test_sending_again_with_a_corrected_email_keeps_both_addresses(client):
    # The first address can't be known to be a typo; keeping both means the reader hears back
    # at the right one.
    page = started_token(time.time() - 30)
    ask(client, action="send", email="dana@exmaple.org", started=page)
    ask(client, action="send", email="dana@example.org", started=page)
    repeat = ask(client, action="send", email="Dana@example.org", started=page)
    assert "kept one copy" in client.get(repeat["Location"]).content.decode()
    emails = set(SubmittedQuestion.objects.values_list("email", flat=True))
    assert emails == {"dana@exmaple.org", "dana@example.org"}


def test_questions_are_taken_while_the_counters_cache_is_down(client, settings, caplog):
    # Rate limits and duplicate markers fail open: a limit is worth less than a question.
    away = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")["default"]
    with override_settings(CACHES={**settings.CACHES, "counters": away}):
        response = ask(client, action="send", email="dana@example.org")
        assert response.status_code == 302
        assert client.get("/search/?q=zzqqxx").status_code == 200  # logs a zero-result search
        suggestions = client.post("/faq/ask/suggestions/", {"question": "Is filming legal?"})
        assert suggestions.status_code == 200
    assert SubmittedQuestion.objects.get().email == "dana@example.org"
    # Skipped after the first failure: one log line, not one per cache call.
    assert caplog.text.count("counters cache unavailable: ConnectionError") == 1


def test_suggestions_are_shown_when_the_counters_cache_is_found_down(client, settings):
    # The first request after the cache went away meets the failure inside the limit itself
    # (no earlier request has marked the cache down): the limit fails open there too.
    entry = make_faq(question="Can I film the police at a protest?")
    away = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")["default"]
    with override_settings(CACHES={**settings.CACHES, "counters": away}):
        response = client.post("/faq/ask/suggestions/", {"question": "Is filming police legal?"})
    assert response.status_code == 200 and entry.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("email", ["", "dana@example.org"])
def test_sending_again_after_a_failed_save_stores_the_question(client, settings, email):
    settings.FAQ_ASK_LIMIT = 1  # a failed save must not use up the reader's allowance
    with database_at(**unreachable()):
        failed = ask(client, action="send", email=email)
    assert failed.status_code == 503
    assert f"{QUESTION}</textarea>" in failed.content.decode()  # shown, so it isn't lost
    assert not SubmittedQuestion.objects.exists()
    response = ask(client, action="send", email=email)
    assert response.status_code == 302
    assert "one copy" not in client.get(response["Location"]).content.decode()
    assert SubmittedQuestion.objects.get().email == email


def test_checking_for_answers_uses_the_suggestions_allowance(client, settings, monkeypatch):
    """The check step runs a search, so a script can't run endless ones through it either: past
    the live suggestions' allowance it sends the question without looking (still counted)."""
    monkeypatch.setattr("faq.asking.SUGGESTIONS_PER_HOUR", 2)
    entry = make_faq(question="Who decides the county budget?")
    for _ in range(2):
        checking = ask(client, question="Who decides on the county budget?")
        assert entry.get_absolute_url() in checking.content.decode()
    assert not SubmittedQuestion.objects.exists()
    assert ask(client, question="Who decides on the county budget?").status_code == 302
    assert SubmittedQuestion.objects.count() == 1


def test_rate_limit_answers_429_in_the_site_layout_and_keeps_the_text(client, settings):
    settings.FAQ_ASK_LIMIT = 3
    for n in range(3):
        assert ask(client, question=f"Question number {n} about budgets?").status_code == 302
    # Over the limit, checking for earlier answers still works: it stores nothing, and other
    # readers behind the same address (a carrier's, a library's) may find their answer there.
    entry = make_faq(question="Who decides the county budget?")
    checking = ask(client, action="check", question="Who decides on the county budget?")
    assert checking.status_code == 200
    assert entry.get_absolute_url() in checking.content.decode()
    response = ask(client, question="One more question about budgets?")
    body = response.content.decode()
    # The window is the hour on the clock (the tests' clock is 30 s into one): the reader is
    # told when the next one opens.
    assert response.status_code == 429 and response["Retry-After"] == "3570"
    assert 'class="site-header"' in body and body.count("<h1") == 1
    # The tab's title names the page as its heading does, so both tell the reader the same.
    assert "<title>Please wait a while before sending more ·" in body
    assert "<h1>Please wait a while before sending more</h1>" in body
    assert "try again in 60 minutes" in body
    assert "One more question about budgets?</textarea>" in body
    assert SubmittedQuestion.objects.count() == 3
    # Another client is unaffected.
    assert ask(Client(REMOTE_ADDR="198.51.100.20")).status_code == 302


def test_rate_limit_counts_an_ipv6_clients_whole_64_block(settings):
    # A phone or household gets a /64 and can take a new address in it for every request.
    settings.FAQ_ASK_LIMIT = 2
    for n, address in enumerate(["2001:db8:a:b::1", "2001:db8:a:b:1:2:3:4"]):
        sent = ask(Client(REMOTE_ADDR=address), question=f"Question {n} on bail?")
        assert sent.status_code == 302
    third = ask(Client(REMOTE_ADDR="2001:db8:a:b:ffff::9"), question="A third on bail?")
    assert third.status_code == 429
    # The next /64 is someone else; an IPv4 address counts alone, also written as IPv6.
    assert ask(Client(REMOTE_ADDR="2001:db8:a:c::1")).status_code == 302
    assert ask(Client(REMOTE_ADDR="::ffff:198.51.100.7")).status_code == 302
    assert ask(Client(REMOTE_ADDR="198.51.100.7"), question="Again on bail?").status_code == 302
    assert ask(Client(REMOTE_ADDR="198.51.100.7"), question="More on bail?").status_code == 429


def test_rate_limit_trusts_forwarded_for_only_behind_configured_proxies(client, settings):
    settings.FAQ_ASK_LIMIT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def from_client(address, n):
        forwarded = {"HTTP_X_FORWARDED_FOR": f"{address}, 10.0.0.2"} if address else {}
        return (
            Client(**proxy, **forwarded)
            .post(
                "/faq/ask/",
                {
                    "question": f"Question {n} from {address}?",
                    "started": started_token(time.time() - 30),
                    "action": "send",  # the address's digits would be taken for a phone's
                },
            )
            .status_code
        )

    # No trusted proxy: a client can't escape the limit by inventing addresses.
    settings.TRUSTED_PROXY_COUNT = 0
    assert from_client("203.0.113.1", 1) == 302
    assert from_client("203.0.113.2", 2) == 429
    # Two trusted proxies: each real client (the address before them) has its own limit.
    counters().clear()
    settings.TRUSTED_PROXY_COUNT = 2
    assert from_client("203.0.113.1", 3) == 302
    assert from_client("203.0.113.2", 4) == 302
    assert from_client("203.0.113.1", 5) == 429
    # Addresses a client writes in front of its own are not trusted: it is still limited.
    assert from_client("198.51.100.66, 203.0.113.1", 6) == 429
    # Raw addresses never reach the cache (its keys can be listed with the local-memory one).
    if isinstance(counters(), LocMemCache):
        keys = " ".join(str(key) for key in counters()._cache)
        assert "ratelimit:faq-ask:" in keys
        assert "203.0.113" not in keys and "10.0.0" not in keys


def test_forwarded_addresses_written_with_a_port_are_still_told_apart(settings):
    # Some load balancers write the client's port too: read as one bad value, every reader
    # would fall back to the proxy's address and share its limit.
    settings.FAQ_ASK_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    for n, address in enumerate(["203.0.113.1:51234", "[2001:db8::1]:51234", "203.0.113.2"]):
        proxied = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=address)
        assert ask(proxied, question=f"Question {n} on bail?").status_code == 302
    again = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1:40000")
    assert ask(again, question="Another on bail?").status_code == 429


def test_a_proxy_not_counted_in_trusted_proxy_count_is_reported_once(settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 0
    warn_untrusted_forwarding.cache_clear()
    for n in range(3):
        proxied = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert ask(proxied, question=f"Question {n} on bail?").status_code == 302
    warnings = [r.getMessage() for r in caplog.records if "TRUSTED_PROXY_COUNT" in r.getMessage()]
    assert len(warnings) == 1
    assert "203.0.113" not in warnings[0]  # the reader's address isn't logged


@pytest.fixture
def silent_mail_server(settings):
    """A mail server that accepts connections and never answers (as when a host drops mail
    traffic), with a short SMTP timeout. Yields the list of connections it took."""
    listener = socket.create_server(("127.0.0.1", 0))
    taken = []

    def take():
        with contextlib.suppress(OSError):
            while True:
                taken.append(listener.accept()[0])

    threading.Thread(target=take, daemon=True).start()
    settings.FAQ_MODERATOR_EMAILS = ["desk@example.org"]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": listener.getsockname()[1], "timeout": 0.5},
        }
    }
    yield taken
    listener.close()
    for conn in taken:
        conn.close()


def test_a_silent_mail_server_holds_up_one_question_a_minute_not_every_one(
    client, silent_mail_server, caplog, monkeypatch
):
    # Each question's alert would otherwise wait the SMTP timeout (10 s in production) in a
    # sync worker: a few at once stall the site.
    for n in range(3):
        sent = ask(
            Client(REMOTE_ADDR=f"198.51.100.{n}"),
            action="send",
            question=f"How does bail work in case {n}?",
        )
        assert sent.status_code == 302
    assert SubmittedQuestion.objects.count() == 3
    assert len(silent_mail_server) == 1  # the first waited; the others didn't try
    assert caplog.text.count("failed (MailPaused)") == 2
    # A minute later it is tried again.
    monkeypatch.setattr(faq.emails, "_mail_paused_until", 0.0)
    assert ask(client, action="send", question="How does bail work, again?").status_code == 302
    assert len(silent_mail_server) == 2


def test_no_personal_data_in_logs(client, caplog, settings):
    settings.FAQ_MODERATOR_EMAILS = ["mods@example.org"]
    caplog.set_level("DEBUG")
    ask(client, name="Dana Private", email="dana.private@example.org")
    ask(client, question="x")
    assert SubmittedQuestion.objects.count() == 1
    assert "dana.private" not in caplog.text and "landlord" not in caplog.text
    assert "Dana Private" not in caplog.text


@pytest.mark.parametrize(
    "question",
    [
        "¿Puede la policía entrar a mi casa sin una orden judicial?",
        # Most words are ones the search's Spanish map doesn't know.
        "¿Cómo saco una licencia de manejo sin papeles?",
        "Hola, quisiera saber cuánto cuesta renovar el permiso de trabajo",
        # "me", twice, is Spanish too: it was counted as English, and the asker got English.
        "Me paró la polisia sin razón y me pidió papeles",
    ],
)
def test_a_reader_who_asks_in_spanish_is_told_what_happens_next_in_spanish_too(client, question):
    response = ask(client, question=question)
    assert response.status_code == 302 and response["Location"] == "/faq/ask/thanks/?lang=es"
    body = client.get(response["Location"]).content.decode()
    assert '<section lang="es"' in body and "Un moderador leerá su pregunta" in body
    assert "90 días después de responder" in body and "365 días después de recibirla" in body
    assert "What happens next" in body  # and in English, like the rest of the site
    # A reader who regrets what they sent (an A-number, an address) is told how to undo it.
    assert "Envíenos otra pregunta que diga cuál" in body
    assert "Send us another question saying which one" in body
    for english in ["Can the sheriff hold me for immigration?", "Is LA's de facto policy legal?"]:
        response = ask(Client(), question=english)
        assert response["Location"] == "/faq/ask/thanks/"
    assert 'lang="es"' not in client.get(response["Location"]).content.decode()


def test_the_form_says_in_spanish_that_readers_may_ask_in_spanish_and_what_we_keep(client):
    # Before anything is typed: what a wary reader decides on, in their language.
    body = client.get("/faq/ask/").content.decode()
    (spanish,) = re.findall(r'<details class="ask-es" lang="es">.*?</details>', body, re.S)
    assert "Puede hacer su pregunta en español." in spanish
    assert "No incluya datos personales" in spanish and "situación migratoria" in spanish
    assert "nunca su nombre ni su correo" in spanish and "90 días después de responder" in spanish
    assert "No guardamos su dirección de internet" in spanish
    assert "envíenos otra pregunta que diga cuál" in spanish  # how to undo a regretted one
    # Brought by a Spanish search's "Envíenos esta pregunta": open, not one line to find.
    body = client.get("/faq/ask/", {"q": "¿Tengo que abrir la puerta a la policía?"}).content
    assert '<details class="ask-es" lang="es" open>' in body.decode()


def test_a_question_in_spanish_gets_the_forms_notes_and_errors_in_spanish_too(client):
    make_faq(question="¿Puede la policía entrar a mi casa sin una orden judicial?", language="es")
    question = "¿Puede la policía entrar a mi casa sin una orden?"
    body = ask(client, question=question).content.decode()
    assert '<p lang="es">Antes de enviarla: algunas de nuestras respuestas' in body
    body = ask(client, question=question, email="ana@ejemplo").content.decode()
    assert '<p lang="es">Corrija los problemas indicados abajo.' in body

    english = ask(client, question="Can police enter my home?", email="a@b").content.decode()
    assert "Corrija" not in english and '<details class="ask-es" lang="es">' in english


def test_the_error_pages_keep_a_spanish_question_and_say_why_in_spanish():
    spanish = "¿Puede la policía entrar a mi casa sin una orden?"
    refused = Client(enforce_csrf_checks=True).post("/faq/ask/", {"question": spanish})
    body = refused.content.decode()
    assert refused.status_code == 403 and '<p lang="es">Su formulario no se envió.' in body
    assert f'readonly lang="es">{spanish}</textarea>' in body
    english = "Can the police enter my home without a warrant?"
    body = Client(enforce_csrf_checks=True).post("/faq/ask/", {"question": english}).content
    assert 'lang="es"' not in body.decode() and f"readonly>{english}</textarea>" in body.decode()
    with database_at(**unreachable()):
        failed = ask(Client(), action="send", question=spanish)
    body = failed.content.decode()
    assert failed.status_code == 503 and '<p lang="es">El sitio no puede llegar' in body
    assert f'readonly lang="es">{spanish}</textarea>' in body


def test_the_too_many_questions_page_speaks_spanish_to_a_question_in_spanish(client, settings):
    settings.FAQ_ASK_LIMIT = 0
    spanish = ask(
        client, action="send", question="¿Puede la policía entrar a mi casa sin una orden?"
    )
    body = spanish.content.decode()
    assert spanish.status_code == 429 and '<p lang="es">Se enviaron varias preguntas' in body
    english = ask(client, action="send", question="Can the police enter my home without a warrant?")
    assert english.status_code == 429 and 'lang="es"' not in english.content.decode()


def test_a_one_day_retention_reads_as_one_day_in_both_languages(client, settings):
    settings.FAQ_PERSONAL_DATA_DAYS = 1
    settings.FAQ_OPEN_QUESTION_DAYS = 1
    body = client.get("/faq/ask/thanks/?lang=es").content.decode()
    assert "1 día después de responder" in body and "1 día después de recibirla" in body
    assert "1 day after we answer" in body and "1 day after you send" in body
    settings.FAQ_OPEN_QUESTION_DAYS = 2
    body = client.get("/faq/ask/").content.decode()
    assert "1 day after we answer" in body and "2 days after you send" in body
