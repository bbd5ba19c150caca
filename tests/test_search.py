"""Search as readers use it; the same tests run on SQLite (FTS5) and PostgreSQL."""

import datetime
import re
import time

import pytest
from django.utils import timezone

from portal.models import ZeroResultSearch
from portal.search import MAX_QUERY_CHARS
from tests.factories import make_article, make_faq, make_topic
from tests.search_helpers import result_titles, search

pytestmark = pytest.mark.django_db


def test_title_match_ranks_above_summary_and_body_matches(client):
    make_article(title="Budget basics", body="How the council votes on the warrant budget.")
    # A page that repeats the word all through its body still ranks below the title match.
    make_article(
        title="City money",
        summary="What a warrant is, briefly.",
        body="A warrant is signed by a judge. " * 25,
    )
    make_article(title="Warrants explained")
    assert result_titles(search(client, "warrant")) == [
        "Warrants explained",
        "City money",
        "Budget basics",
    ]


def test_a_title_match_outranks_a_summary_match_in_a_shorter_piece(client):
    # A shorter piece scores higher for the same words: the title's weight must outdo that.
    make_article(title="Street rules", summary="When a curfew applies.")
    make_article(title="Curfew rules for teenagers in the city", summary="A short summary.")
    assert result_titles(search(client, "curfew")) == [
        "Curfew rules for teenagers in the city",
        "Street rules",
    ]


def test_a_long_headline_match_outranks_a_short_summary_match(client):
    # Newsroom headlines run long and summaries are a sentence or two: a page about the word
    # must still come before one that mentions it in passing.
    make_article(title="Jail rules", summary="Federal standards.")
    make_article(
        title="How local, state and federal law enforcement agencies work together in a county",
        summary="Police departments, the sheriff's office and immigration agents each have "
        "their own jobs, and written agreements decide when they share information or jails.",
    )
    titles = result_titles(search(client, "federal"))
    assert titles[0].startswith("How local, state and federal law enforcement")


def test_body_only_matches_rank_by_relevance_not_by_date(client):
    week_ago = timezone.now() - datetime.timedelta(days=7)
    make_article(
        title="Older guide",
        published_at=week_ago,
        body="The ballot lists every race. Mark the ballot in ink, check the ballot twice, "
        "and if you spoil the ballot, ask for a new ballot.",
    )
    make_article(
        title="Newer guide",
        body="Polling places open at seven. Bring an ID if your state asks for one, and "
        "read the sample ballot before you go.",
    )
    assert result_titles(search(client, "ballot")) == ["Older guide", "Newer guide"]


@pytest.mark.parametrize("q", ["U.S. Constitution", "u.s. constitution", "I-205", "form I-205"])
def test_abbreviations_and_form_numbers_are_found(client, q):
    # PostgreSQL's parser stored "U.S." as "u.s" and "I-205" as the number -205: never found.
    make_article(
        title="What the U.S. Constitution says about searches",
        body="An immigration officer's warrant is often a Form I-205, not a judge's warrant.",
    )
    make_article(title="City budgets", body="Dates like 2024-01-05 and <b>bold</b> words.")
    assert result_titles(search(client, q)) == ["What the U.S. Constitution says about searches"]


def test_english_stemming_matches_other_forms(client):
    make_article(title="Rules for a peaceful protest")
    make_article(title="Protesting near schools")
    titles = result_titles(search(client, "protests"))
    assert sorted(titles) == ["Protesting near schools", "Rules for a peaceful protest"]


def test_case_and_accents_are_ignored(client):
    make_article(title="Consulado de México and your rights")
    make_article(title="Mexico City sister programs")
    for q in ["mexico", "MÉXICO", "México"]:
        assert len(result_titles(search(client, q))) == 2, q


def test_quotes_make_a_phrase(client):
    make_article(title="Your rights at a protest")
    make_article(title="A protest about rights", body="Nothing at all on the subject.")
    assert result_titles(search(client, '"rights at a protest"')) == ["Your rights at a protest"]
    assert len(result_titles(search(client, "rights protest"))) == 2


def test_last_word_may_be_the_beginning_of_a_word(client):
    make_article(title="What a sanctuary policy is")
    make_article(title="What happens at an immigration court hearing")
    assert result_titles(search(client, "sanct")) == ["What a sanctuary policy is"]
    assert result_titles(search(client, "immigra")) == [
        "What happens at an immigration court hearing"
    ]
    assert result_titles(search(client, "court heari")) == [
        "What happens at an immigration court hearing"
    ]


def test_a_whole_word_is_not_taken_as_a_beginning(client):
    make_article(title="Police budgets")
    make_article(title="Sanctuary policy")
    assert result_titles(search(client, "police")) == ["Police budgets"]


def test_all_words_must_match(client):
    make_article(title="Police and immigration")
    make_article(title="Police budgets")
    assert result_titles(search(client, "immigration police")) == ["Police and immigration"]


def test_type_and_topic_filters(client):
    courts, police = make_topic(slug="courts"), make_topic(slug="police")
    make_article(title="Bail hearings in court", topics=[courts])
    make_article(title="Bail and police custody", topics=[police])
    make_faq(question="What is bail?", topics=[courts])
    assert len(result_titles(search(client, "bail"))) == 3
    assert result_titles(search(client, "bail", type="faq")) == ["What is bail?"]
    assert sorted(result_titles(search(client, "bail", type="article"))) == [
        "Bail and police custody",
        "Bail hearings in court",
    ]
    assert sorted(result_titles(search(client, "bail", topic="courts"))) == [
        "Bail hearings in court",
        "What is bail?",
    ]
    assert result_titles(search(client, "bail", topic="courts", type="article")) == [
        "Bail hearings in court"
    ]
    # An unknown type or topic is ignored rather than an error.
    assert len(result_titles(search(client, "bail", type="video", topic="nope"))) == 3


def test_results_show_count_kind_and_highlighted_snippet(client):
    make_article(title="ICE holds", body="An ICE detainer asks the jail to hold a person.")
    make_faq(question="Can the jail hold me?", answer="Only with a **detainer** and a warrant.")
    body = search(client, "detainer").content.decode()
    assert "2 results" in body
    assert "FAQ" in body and "Explainer" in body
    assert "An ICE <mark>detainer</mark> asks the jail" in body
    assert "Only with a <mark>detainer</mark> and a warrant." in body


def test_snippets_read_as_the_text_reads(client):
    # Markup leaves no space before punctuation, and a heading doesn't run into the next
    # sentence.
    make_article(
        summary="",
        body="You may record **audio**, so know the rules.\n\n## A request, not a command\n\n"
        "The regulation says the jail may hold a person.",
    )
    body = search(client, "record").content.decode()
    assert "<mark>record</mark> audio, so know" in body
    body = search(client, "regulation").content.decode()
    assert "A request, not a command. The <mark>regulation</mark>" in re.sub(r"\s+", " ", body)
    # An image between two words keeps them apart.
    make_article(summary="", body="Look for the seal![court seal](/media/seal.png)stamped on it.")
    assert "<mark>stamped</mark>" in search(client, "stamped").content.decode()


def test_snippets_and_titles_escape_html_in_content(client):
    make_article(
        title="<em>Warrant</em> & you",
        summary='<img src=x onerror="alert(1)"> a warrant summary',
        body="Code: `<script>alert('warrant')</script>` is shown, not run.",
    )
    make_article(title="Fake \x02marks\x03", body="A warrant with \x02forged\x03 marks.")
    body = search(client, "warrant").content.decode()
    assert "&lt;em&gt;<mark>Warrant</mark>&lt;/em&gt; &amp; you" in body
    # (PostgreSQL's parser drops tag-like text from headlines; FTS5 keeps it, escaped.)
    assert "<script>alert" not in body
    assert "<img" not in body
    assert "<mark>forged" not in body and "<mark>marks" not in body


def test_summary_is_shown_when_the_title_or_summary_matches(client):
    make_article(title="Jury duty", summary="Who gets called and why.", body="Nothing else.")
    assert "Who gets called and why." in search(client, "jury").content.decode()
    make_article(title="Bail", summary="When a judge sets bail.", body="Bail is money.")
    body = search(client, "bail").content.decode()
    assert "When a judge sets <mark>bail</mark>." in body
    assert "is money" not in body


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"unbalanced quote',
        "AND",
        "police AND OR NOT",
        "NOT police",
        "NEAR(police warrant",
        "NEAR/2",
        "*",
        "police*",
        "-police",
        "- -- ---",
        "(police",
        "police)",
        "((()))",
        "title:police",
        "{title}: police",
        "^police",
        "po'lice",
        "a.b@c/d:e",
        "😀🚓",
        "police 🚓",
        "x" * 10_000,
        "police " * 2_000,
        "police\x00warrant",
        "\x00",
        "'; DROP TABLE search_document; --",
        "\\",
        "%_%",
        "    ",
    ],
)
def test_hostile_input_returns_a_normal_page(client, q):
    make_article(title="Police warrant basics")
    response = search(client, q)
    assert "<h1>" in response.content.decode()


def test_hostile_input_still_finds_the_words_in_it(client):
    make_article(title="Police warrant basics")
    for q in ['police AND "warrant', "police OR warrant", "police* -warrant", "(police)"]:
        assert result_titles(search(client, q)) == ["Police warrant basics"], q


def test_every_search_box_stops_at_the_length_search_reads(client):
    # A pasted page of text would otherwise make a URL longer than the server accepts
    # (gunicorn refuses request lines over 4 KB with its own bare error page).
    article = make_article(title="Police warrant basics")
    limit = f'maxlength="{MAX_QUERY_CHARS}"'
    for url, box in [("/", "home-q"), (article.get_absolute_url(), "site-search-q")]:
        assert re.search(rf'<input id="{box}"[^>]* {limit}', client.get(url).content.decode())
    assert f'id="search-q" type="search" name="q" value="police" {limit}' in (
        search(client, "police").content.decode()
    )


def test_pagination_keeps_query_and_filters(client):
    topic = make_topic(slug="courts")
    for i in range(25):
        make_article(title=f"Court guide {i}", topics=[topic])
    first = search(client, "court", topic="courts")
    assert "25 results" in first.content.decode()
    assert len(result_titles(first)) == 20
    assert "?q=court&amp;topic=courts&amp;page=2" in first.content.decode()
    second = search(client, "court", topic="courts", page=2)
    assert len(result_titles(second)) == 5
    assert set(result_titles(first)).isdisjoint(result_titles(second))
    # Past the end or nonsense: the nearest real page.
    assert len(result_titles(search(client, "court", page=99))) == 5
    assert len(result_titles(search(client, "court", page="x"))) == 20


def test_no_results_page_keeps_query_and_offers_ways_on(client):
    make_article(title="Police budgets")
    body = search(client, "police unicorn budgets", type="faq").content.decode()
    assert 'value="police unicorn budgets"' in body
    assert "Nothing matched" in body
    # The title, which a screen reader says first, says so too.
    assert "<title>No results for “police unicorn budgets”" in body
    found = search(client, "police budgets").content.decode()
    assert "<title>Search results for “police budgets”" in found
    assert "/faq/ask/?q=police%20unicorn%20budgets" in body
    assert "without the filters" in body
    # Only words that find something on their own: "unicorn" would be another dead end.
    fewer = 'Try fewer words: <a href="/search/?q=police">police</a>, '
    assert fewer + '<a href="/search/?q=budgets">budgets</a></li>' in body


def test_try_fewer_words_offers_no_word_that_finds_nothing(client):
    make_article(title="Can a school share student records?", summary="What a school may do.")
    body = search(client, "my kids school").content.decode()
    assert "Nothing matched" in body
    assert 'Try fewer words: <a href="/search/?q=school">school</a></li>' in body
    assert "?q=kids" not in body
    # No word finds anything alone: no list at all, rather than links to "Nothing matched".
    assert "Try fewer words" not in search(client, "kids zebras").content.decode()


@pytest.mark.parametrize("status_change", ["draft", "scheduled", "unpublished", "deleted"])
def test_hidden_content_never_appears_in_results_or_snippets(client, status_change):
    make_article(title="Public guide", body="Zebra crossings are public.")
    article = make_article(title="Secret zebra plan", body="Zebra secrets here.")
    faq = make_faq(question="Secret zebra question?", answer="Zebra answer.")
    for item in [article, faq]:
        if status_change == "deleted":
            item.delete()
            continue
        if status_change == "scheduled":
            item.published_at = timezone.now() + datetime.timedelta(hours=1)
        else:
            item.status = item.Status.DRAFT
        item.save()
    body = search(client, "zebra").content.decode()
    assert result_titles(search(client, "zebra")) == ["Public guide"]
    assert "secret" not in body.lower()


@pytest.mark.parametrize("filters", [{}, {"type": "article"}])
def test_the_result_count_leaves_out_scheduled_pieces(client, filters):
    make_article(title="Curfew rules downtown")
    make_article(
        title="Curfew rules after the vote",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    response = search(client, "curfew", **filters)
    assert result_titles(response) == ["Curfew rules downtown"]
    assert '<p class="search-count" role="status">1 result</p>' in response.content.decode()


def test_scheduled_content_appears_when_its_time_comes(client, monkeypatch):
    make_article(
        title="Budget hearing guide", published_at=timezone.now() + timezone.timedelta(hours=1)
    )
    assert result_titles(search(client, "budget")) == []
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert result_titles(search(client, "budget")) == ["Budget hearing guide"]


def test_search_page_sets_no_cookies_and_keeps_the_strict_csp(client):
    make_article(title="Police budgets")
    for q in ["police", "nothing-here"]:
        response = search(client, q)
        assert not response.cookies
        # What a reader searched for stays off shared caches and a shared phone's disk.
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "script-src 'self'" in response["Content-Security-Policy"]
        body = response.content.decode()
        assert "<script" not in body and "style=" not in body and "<style" not in body


def test_empty_query_shows_the_form_only(client):
    make_article(title="Police budgets")
    body = search(client, "").content.decode()
    assert 'id="search-q"' in body
    assert result_titles(search(client, "")) == []
    assert "Nothing matched" not in body


def test_browsers_can_add_the_portal_as_a_search_engine(client):
    home = client.get("/").content.decode()
    assert '<link rel="search" type="application/opensearchdescription+xml"' in home
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    body = response.content.decode()
    assert "/search/?q={searchTerms}" in body
    assert "<ShortName>" in body


def test_large_result_counts_are_capped(client, monkeypatch):
    from portal import search as engine

    monkeypatch.setattr(engine, "MAX_RESULTS", 5)
    for i in range(7):
        make_article(title=f"Ballot guide {i}")
    response = search(client, "ballot")
    body = response.content.decode()
    assert "More than 5 results" in body
    assert "page=2" not in body  # pages stop at the cap


def test_the_query_shown_in_headings_is_isolated_and_escaped(client):
    # <bdi>: right-to-left text in a query can't reorder the heading; direction controls are
    # taken out.
    body = search(client, "\u202e\u05e9\u05dc\u05d5\u05dd <b>police").content.decode()
    query = "\u05e9\u05dc\u05d5\u05dd &lt;b&gt;police"
    assert f"<h1>Search results for “<bdi>{query}</bdi>”</h1>" in body
    assert f"Nothing matched “<bdi>{query}</bdi>”" in body


def test_a_question_no_page_fully_matches_shows_pages_with_two_of_its_words(client):
    make_article(title="Immigration agents at the door", body="Agents must not enter a home.")
    make_article(title="Immigration courts", body="How a hearing works.")
    make_article(title="Police budgets", body="How a council decides.")
    response = search(client, "Can immigration agents enter my apartment?")
    body = response.content.decode()
    # Only the first has two of the words (immigration, agents, enter, apartment), not just one.
    assert result_titles(response) == ["Immigration agents at the door"]
    assert "Nothing matched" not in body
    words = "immigration, agents, enter, apartment"
    assert f"No page has all your words. These have at least two of them: {words}." in body
    assert "/faq/ask/?q=Can%20immigration%20agents%20enter%20my%20apartment%3F" in body
    # Pages were found, so the editors' list of searches without results leaves it out.
    assert not ZeroResultSearch.objects.exists()


def test_two_words_must_both_match_and_a_full_match_hides_partial_ones(client):
    make_article(title="Immigration agents at the door")
    make_article(title="Immigration courts and agents", body="Judges, not agents.")
    body = search(client, "immigration judges").content.decode()
    assert "No page has all" not in body
    assert result_titles(search(client, "immigration judges")) == ["Immigration courts and agents"]
    assert "Nothing matched" in search(client, "immigration unicorns").content.decode()


def test_with_a_filter_nothing_matched_offers_everything_rather_than_some_of_the_words(client):
    make_article(title="How a council decides the police budget")
    make_faq(question="Who runs the police?", answer="The council appoints a chief.")
    body = search(client, "council police budget", type="faq").content.decode()
    # Not "no page has all your words": one does, outside the filter.
    assert "Nothing matched" in body and "No page has all" not in body
    assert result_titles(search(client, "council police budget", type="faq")) == []
    assert '<a href="/search/?q=council%20police%20budget">Search everything' in body


def test_the_words_named_are_the_words_searched(client):
    make_article(title="Police warrant rules")
    extra = "alpha bravo charlie delta echo foxtrot golf hotel"
    body = search(client, f"police warrant {extra}").content.decode()
    assert result_titles(search(client, f"police warrant {extra}")) == ["Police warrant rules"]
    assert (
        "at least two of them: police, warrant, alpha, bravo, charlie, delta, echo, foxtrot."
        in body
    )


def test_pages_with_some_of_the_words_are_paged_like_any_results(client):
    for i in range(25):
        make_article(title=f"Bail hearing guide {i}")
    first = search(client, "bail hearing unicorn")
    assert "No page has all your words" in first.content.decode()
    assert len(result_titles(first)) == 20
    assert "?q=bail+hearing+unicorn&amp;page=2" in first.content.decode()
    assert len(result_titles(search(client, "bail hearing unicorn", page=2))) == 5
    assert len(result_titles(search(client, "bail hearing unicorn", page=99))) == 5


def test_a_misspelling_is_corrected_when_pages_have_only_some_of_the_words(client):
    make_article(title="Sanctuary city rules")
    body = search(client, "sanctury city rules").content.decode()
    assert result_titles(search(client, "sanctury city rules")) == ["Sanctuary city rules"]
    assert "No page has all your words" in body
    assert "Did you mean:" in body and "?q=sanctuary%20city%20rules" in body
    # Not offered when it too would find only some of the words.
    body = search(client, "sanctury city rules unicorns").content.decode()
    assert "No page has all your words" in body and "Did you mean:" not in body


@pytest.mark.django_db
def test_a_word_with_an_invisible_character_inside_is_found(client):
    # Text stored before such characters were removed at save: "separately" found nothing.
    make_article(title="Records", body="Handled sepa\u00adrately, its enfor\u200bceability too.")
    assert result_titles(search(client, "separately")) == ["Records"]
    assert result_titles(search(client, "enforceability")) == ["Records"]


def test_a_scheduled_pieces_words_are_offered_once_it_is_live(client, monkeypatch):
    # Going live saves nothing: the word list stayed as built, and "ombudsperzon" got no
    # "Did you mean" until something else was saved.
    make_article(title="Sanctuary city rules")
    publish_at = timezone.now() + datetime.timedelta(minutes=1)
    make_article(title="What an ombudsperson does", published_at=publish_at)
    assert "Did you mean:" not in search(client, "ombudsperzon").content.decode()
    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    body = search(client, "ombudsperzon").content.decode()
    assert "Did you mean:" in body and "?q=ombudsperson" in body
