"""Searches as readers type them on phones and in Spanish; run on SQLite and PostgreSQL."""

import pytest

from faq.matching import similar_entries
from portal.models import ZeroResultSearch
from portal.search import search as search_engine
from portal.search.query import parse
from portal.search.spelling import suggestion
from tests.factories import make_article, make_faq, make_topic
from tests.search_helpers import result_snippets, result_titles, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("without", "with_apostrophe"),
    [
        ("what police cant do", "what police can't do"),
        ("dont have to open door", "don’t have to open door"),
        ("sanctuary policy isnt", "sanctuary policy isn't"),
        ("police wont leave", "police won't leave"),
        ("im detained", "I'm detained"),
        ("whats a sanctuary policy", "what's a sanctuary policy"),
    ],
)
def test_contractions_without_the_apostrophe_find_the_same(client, without, with_apostrophe):
    make_article(title="What police can't do", body="Police can't leave with your phone.")
    make_article(title="You don't have to open the door", body="Police won't always leave.")
    make_article(title="What a sanctuary policy is, and what it isn't")
    make_article(title="If you are detained", body="I'm detained: what now?")
    make_article(title="City budgets")
    found = result_titles(search(client, with_apostrophe))
    assert found
    assert result_titles(search(client, without)) == found


def test_a_contraction_does_not_stand_for_the_word_in_it(client):
    # "won't" is not "won", "haven't" not "haven".
    make_article(title="The city won its case")
    make_article(title="A safe haven law")
    assert result_titles(search(client, "won")) == ["The city won its case"]
    assert result_titles(search(client, "haven")) == ["A safe haven law"]
    assert result_titles(search(client, "won't haven't")) == []  # only common words


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("mis derechos en una protesta", "Your rights at a protest"),
        ("¿Puede la policía registrar mi teléfono?", "Can police search my phone?"),
        ("¿Qué es una orden judicial?", "What a judicial warrant is"),
        ("abogado de inmigración", "Finding an immigration lawyer"),
    ],
)
def test_a_question_in_spanish_finds_the_english_explainer(client, q, title):
    make_article(title="Your rights at a protest", body="Police may set some rules.")
    make_article(title="Can police search my phone?", body="Usually they need a court order.")
    make_article(title="What a judicial warrant is", body="A judge signs it.")
    make_article(title="Finding an immigration lawyer", body="Free help exists.")
    make_article(title="City budgets")
    assert result_titles(search(client, q)) == [title]


@pytest.mark.parametrize(
    ("q", "titles"),
    [
        ("orden de cateo", ["Judicial and administrative warrants"]),
        # "detainer" and "detained" share a stem.
        ("orden de retención", ["If you are detained", "What an ICE detainer is"]),
        ("denunciar a un policía", ["How to file a complaint about police"]),
        ("sheriff y la migra", ["How the sheriff works with immigration"]),
        ("sheriff migracion", ["How the sheriff works with immigration"]),
        ("detuvieron a mi hijo", ["If you are detained", "What an ICE detainer is"]),
        ("deportaron a mi papá", ["What deportation means"]),
        ("abogado gratis", ["Free legal help: finding a lawyer"]),
        ("manifestaciones", ["Your rights at a protest"]),
        ("necesito permiso para marchar", ["Your rights at a protest"]),
    ],
)
def test_common_spanish_words_and_phrases_find_the_english_explainer(client, q, titles):
    make_article(title="Judicial and administrative warrants", body="A judge signs one.")
    make_article(title="What an ICE detainer is", body="A request to hold someone.")
    make_article(title="How to file a complaint about police", body="Several offices take one.")
    make_article(title="How the sheriff works with immigration", body="Jail lists are shared.")
    make_article(title="If you are detained", body="Stay calm.")
    make_article(title="What deportation means", body="Removal from the country.")
    make_article(title="Free legal help: finding a lawyer", body="Clinics and hotlines.")
    make_article(title="Your rights at a protest", body="A march on the sidewalk needs no permit.")
    make_article(title="Paying for a lawyer", body="Fees vary.")
    make_article(title="How to get a parade permit", body="The city issues it.")
    make_article(title="Police budgets", body="How a council decides.")
    assert sorted(result_titles(search(client, q))) == titles


def test_spanish_common_words_are_neither_searched_nor_left_out(client):
    make_article(title="If you are detained", body="Stay calm.")
    make_article(title="How a con artist works", body="Spot the signs.")
    make_article(title="An artist's rights", body="Copyright basics.")
    response = search(client, "estaba detenido con mi esposo")
    assert result_titles(response) == ["If you are detained"]
    left_out = (
        '<span lang="es">esposo</span>'  # not "estaba" or "con": they are not words to translate
    )
    assert (
        f"Left out, since we have no English word for them yet: {left_out}"
        in response.content.decode()
    )
    # In English "con" is a word of its own, and one such word doesn't make a query Spanish.
    response = search(client, "con artist")
    assert result_titles(response) == ["How a con artist works"]
    assert "“<bdi>con artist</bdi>”" in response.content.decode()


@pytest.mark.parametrize("q", ["llevaron a mi hijo", "mi niño desapareció"])
def test_a_query_with_spanish_marks_or_verb_endings_is_searched_as_spanish(client, q):
    # No word of the map or Spanish common word, but "ñ", accents and "-aron" say it is
    # Spanish: "mi" is "my", not Michigan, so it is not searched or offered on its own.
    make_article(title="MI voter ID rules", body="Bring a card.")
    body = search(client, q).content.decode()
    assert "Nothing matched" in body
    assert 'href="/search/?q=mi"' not in body
    assert "nunca quién buscó" in body  # what is kept of searches, said in Spanish too
    assert result_titles(search(client, "MI voter ID")) == ["MI voter ID rules"]


def test_the_page_says_in_both_languages_which_english_words_it_searched_too(client):
    make_article(title="Your rights at a protest")
    body = search(client, "mis derechos en una protesta").content.decode()
    assert "<p>Also searching in English for: rights, protest</p>" in body
    assert (
        '<p lang="es">También buscamos estas palabras en inglés: <span lang="en">rights, protest'
        "</span></p>" in body
    )
    assert "searching in English" not in search(client, "rights protest").content.decode()


SPANISH_ENTRY = {
    "question": "¿Dónde están las personas detenidas en la redada?",
    "answer": "Los detenidos van primero a la cárcel del condado.",
    "language": "es",
}


@pytest.mark.parametrize("q", ["detenidas redada", "donde estan detenidos"])
def test_a_spanish_entry_is_found_by_its_spanish_words(client, q):
    make_faq(**SPANISH_ENTRY)
    make_article(title="If you are detained in a raid", body="Ask for a lawyer.")
    make_article(title="City budgets")
    # Each Spanish word is searched as typed or as its English word: both are found.
    found = result_titles(search(client, q))
    assert set(found) == {SPANISH_ENTRY["question"], "If you are detained in a raid"}
    similar = similar_entries("¿Qué hacen con los detenidos después de una redada?")
    assert [entry.question for entry in similar] == [SPANISH_ENTRY["question"]]


SHARING_ENTRY = {
    "question": "¿La ciudad comparte información con inmigración?",
    "answer": "A veces: la cárcel del condado avisa a ICE.",
    "language": "es",
}
SHARING_EXPLAINERS = {
    "What a sanctuary policy is": "How a city limits its help to immigration agents.",
    "How local and federal police work together": "What a city tells immigration officers.",
}


def test_a_spanish_entry_is_followed_by_the_english_explainers_searched_too(client):
    # "comparte" and "información" are only in the Spanish entry; the page says it also
    # searched in English for "city" and "immigration", so the explainers those find follow.
    make_faq(**SHARING_ENTRY)
    for title, summary in SHARING_EXPLAINERS.items():
        make_article(title=title, summary=summary)
    make_article(title="City budgets", summary="How a council decides.")
    make_article(title="Immigration court hearings", summary="What happens there.")
    response = search(client, "la ciudad comparte informacion con inmigracion")
    found = result_titles(response)
    assert found[0] == SHARING_ENTRY["question"]
    assert sorted(found[1:]) == sorted(SHARING_EXPLAINERS)
    body = response.content.decode()
    assert '<p class="search-count" role="status">3 results</p>' in body
    assert "Also searching in English for: city, immigration" in body
    assert "Left out" not in body  # every word was searched: the entry has them all


@pytest.mark.parametrize("per_page", [1, 2, 3])  # 3: a page with both lists on it
def test_the_english_explainers_after_a_spanish_entry_page_on_without_gaps(per_page):
    make_faq(**SHARING_ENTRY)
    make_faq(question="¿Qué información comparte la ciudad con inmigración?", language="es")
    for title, summary in SHARING_EXPLAINERS.items():
        make_article(title=title, summary=summary)
    q = "ciudad comparte informacion inmigracion"
    everything = [r.title for r in search_engine(q)]
    assert len(everything) == 4 and all("¿" in title for title in everything[:2])
    pages = [search_engine(q, page=n, per_page=per_page) for n in range(1, -(-4 // per_page) + 1)]
    assert [r.title for page in pages for r in page] == everything
    assert {page.paginator.count for page in pages} == {4}
    past = search_engine(q, page=9, per_page=per_page)  # past the last page: the last one
    assert [r.title for r in past] == [r.title for r in pages[-1]]


def test_the_english_pages_after_a_spanish_entry_keep_to_the_filters():
    immigration = make_topic(name="Immigration")
    entry = make_faq(**SHARING_ENTRY, topics=[immigration])
    (first, first_summary), (second, second_summary) = SHARING_EXPLAINERS.items()
    on_topic = make_article(title=first, summary=first_summary, topics=[immigration])
    make_article(title=second, summary=second_summary)
    q = "la ciudad comparte informacion con inmigracion"
    assert [r.object for r in search_engine(q, topic=immigration)] == [entry, on_topic]
    assert [r.object for r in search_engine(q, kind="faq")] == [entry]


def test_a_spanish_entry_in_the_readers_own_words_comes_first(client):
    # PostgreSQL's ts_rank_cd doesn't weigh rarity: pages repeating "police" outranked the
    # one entry holding the reader's own "policía", which SQLite's bm25 ranks first.
    entry = "¿Qué derechos tengo si la policía me para en la calle?"
    make_faq(question=entry, answer="Tiene derecho a guardar silencio.", language="es")
    make_article(title="How a city council decides the police budget", summary="Police pay.")
    make_article(title="Can I film the police at a protest?", summary="Police may be filmed.")
    make_article(title="What a police officer may ask", summary="Police questions.")
    found = result_titles(search(client, "que hago si la policia me para"))
    assert found[0] == entry and len(found) == 4


def test_a_raid_in_spanish_finds_the_english_explainer_and_says_so(client):
    make_article(title="What to do during an immigration raid")
    make_article(title="City budgets")
    response = search(client, "redada")
    assert result_titles(response) == ["What to do during an immigration raid"]
    assert "Also searching in English for: raid" in response.content.decode()


def test_a_spanish_word_is_not_matched_to_a_different_english_word(client):
    make_article(title="Police budgets")
    make_article(title="Sanctuary policy")
    make_article(title="What a Notice to Appear is")
    # "policía" used to be cut back to "polici", the stem of "policy".
    assert result_titles(search(client, "policía")) == ["Police budgets"]
    assert result_titles(search(client, "policias")) == ["Police budgets"]
    # A whole Spanish word is not the beginning of an English one: "noticia" is news.
    assert result_titles(search(client, "una noticia")) == []
    # Beginnings of English words still work.
    assert result_titles(search(client, "notic")) == ["What a Notice to Appear is"]
    assert result_titles(search(client, "sanct")) == ["Sanctuary policy"]


def test_english_words_that_are_also_spanish_keep_their_meaning(client):
    make_article(title="What the county registrar does")
    make_article(title="Can police search my phone?")
    body = search(client, "registrar").content.decode()
    assert result_titles(search(client, "registrar")) == ["What the county registrar does"]
    assert "Searching in English" not in body


def test_no_results_page_suggests_english_words_in_spanish(client):
    make_article(title="Police budgets")
    body = search(client, "vecinos").content.decode()
    assert 'lang="es">Nuestros artículos están en inglés. Pruebe con:' in body
    assert '<a lang="en" href="/search/?q=warrant">warrant</a>' in body


def test_spanish_words_the_map_does_not_know_are_left_out_rather_than_finding_nothing(client):
    make_article(title="When police may enter your home", body="With a judicial warrant.")
    make_article(title="Police budgets")
    # "entrar" is in the map; "tocar" (to knock) is not, and no English page holds it.
    response = search(client, "¿Puede la policía tocar a mi casa?")
    assert result_titles(response) == ["When police may enter your home"]
    body = response.content.decode()
    assert "Also searching in English for: police, home" in body
    assert (
        'Left out, since we have no English word for them yet: <span lang="es">tocar</span>' in body
    )
    assert "No buscamos estas, porque aún no tenemos la palabra en inglés: tocar" in body
    # When every word is found, nothing is left out.
    body = search(client, "¿Puede la policía entrar a mi casa?").content.decode()
    assert "Left out" not in body and "police, enter, home" in body


DETAINER, SHERIFF = "What an ICE detainer is", "When the sheriff holds someone for ICE"


@pytest.mark.parametrize(
    ("q", "titles", "left_out"),
    [
        ("mi esposo fue detenido por ICE", [DETAINER, SHERIFF], "esposo"),
        ("el sheriff entrega detenidos a ICE", [SHERIFF], "entrega"),
    ],
)
def test_english_words_of_a_spanish_search_are_searched_not_left_out(client, q, titles, left_out):
    # "ICE" and "sheriff" are in no Spanish map, but English pages hold them: only the Spanish
    # words the map doesn't know are left out, and only they are called Spanish.
    make_article(title=DETAINER, body="A request to keep someone detained.")
    make_article(title=SHERIFF, body="People detained in jail.")
    make_article(title="If you are detained at a protest", body="Stay calm.")
    make_article(title="Police budgets", body="How a council decides.")
    response = search(client, q)
    assert sorted(result_titles(response)) == titles
    assert (
        "Left out, since we have no English word for them yet: "
        f'<span lang="es">{left_out}</span></p>' in response.content.decode()
    )


def test_a_spanish_search_is_not_said_to_leave_out_words_it_searched_two_at_a_time(client):
    # Without "entrega", no page has "sheriff", "detenidos" and "ICE" either: the pages with
    # two of the words are shown, which are searched with "entrega" too.
    make_article(title=DETAINER, body="A request to keep someone detained.")
    make_article(title="What a sheriff does", body="Runs the county jail.")
    response = search(client, "el sheriff entrega detenidos a ICE")
    assert result_titles(response) == [DETAINER]
    body = response.content.decode()
    assert "These have at least two of them: sheriff, entrega, detenidos, ice." in body
    assert "Left out" not in body and "No buscamos" not in body


def test_english_words_of_a_spanish_search_are_searched_while_the_cache_is_down(
    client, settings, caplog
):
    # The list of the English pages' words is versioned in the shared cache; while it is
    # down, the list as last built still keeps "ICE" in, and the cache is tried once.
    from django.test import override_settings

    from tests.helpers.caches import redis_cache
    from tests.helpers.servers import closed_port

    make_article(title=DETAINER, body="A request to keep someone detained.")
    make_article(title="If you are detained at a protest", body="Stay calm.")
    left_out = 'no English word for them yet: <span lang="es">esposo</span>'
    assert left_out in search(client, "mi esposo fue detenido por ICE").content.decode()
    away = redis_cache(f"redis://127.0.0.1:{closed_port()}/0")["default"]
    with override_settings(CACHES={**settings.CACHES, "default": away}):
        for _ in range(2):
            response = search(client, "mi esposo fue detenido por ICE")
            assert result_titles(response) == [DETAINER]  # not the protest page: ICE is in
            assert left_out in response.content.decode()
    assert caplog.text.count("page cache unavailable") == 1


@pytest.mark.parametrize(
    "q", ["votaron en la ciudad", "denunciaron a un policia", "arrestan inmigrantes"]
)
def test_a_right_spanish_form_the_map_lacks_is_left_out_not_taken_for_a_typo(client, q):
    # Near a word of the map ("votar"), so once kept in the search as a typo: nothing matched.
    make_article(title="How the city council votes", body="Police and immigrants too.")
    make_article(title="Police budgets", body="Immigrants in the city.")
    response = search(client, q)
    assert result_titles(response)


@pytest.mark.parametrize("q", ["José Martí immigra", "Peña son detained"])
def test_an_accented_name_does_not_make_an_english_search_spanish(client, q):
    make_article(title="José Martí and immigration", body="Peña's son was detained.")
    body = search(client, q).content.decode()
    assert result_titles(search(client, q)) == ["José Martí and immigration"]
    assert "en inglés" not in body and "También buscamos" not in body


@pytest.mark.parametrize(
    ("q", "suggested"),
    [("ciudad santurio", "ciudad santuario"), ("permizo para protestar", "permiso protestar")],
)
def test_a_misspelt_spanish_word_is_corrected_not_left_out(client, q, suggested):
    make_article(title="What a sanctuary city is", body="Local rules on immigration.")
    make_article(title="City budgets", body="How a council decides.")
    make_article(title="Do you need a permit to protest?", body="Not on a sidewalk.")
    make_article(title="Parking permits", body="For residents.")
    body = search(client, q).content.decode()
    assert "Left out" not in body
    link = suggested.replace(" ", "%20")
    assert f'Did you mean: <a href="/search/?q={link}">{suggested}</a>?' in body


def test_a_spanish_search_of_common_words_is_answered_in_spanish_too(client):
    body = search(client, "¿qué es?").content.decode()
    assert "has only very common words" in body
    assert '<p lang="es">Su búsqueda solo tiene palabras muy comunes' in body
    assert "Su búsqueda" not in search(client, "what is").content.decode()
    # The note on what is counted is in Spanish too, for a Spanish search without results.
    assert "nunca quién buscó" in search(client, "los vecinos del barrio").content.decode()


def test_similar_questions_find_english_answers_to_a_spanish_question(client):
    make_faq(question="Can police search my phone?")
    make_faq(question="What is bail?")
    found = similar_entries("¿Puede la policía registrar mi teléfono?")
    assert [entry.question for entry in found] == ["Can police search my phone?"]


@pytest.mark.parametrize("q", ["the", "what is", "and/or", "can't", "que es"])
def test_a_search_of_only_common_words_says_so_and_is_not_kept(client, q):
    make_article(title="The police budget")
    body = search(client, q).content.decode()
    assert "has only very common words" in body
    assert "Add a word about your question" in body and "?q=detainer" in body
    assert "Nothing matched" not in body and "Check the spelling" not in body
    assert not ZeroResultSearch.objects.exists()


def test_filler_words_of_a_panicked_search_are_not_searched(client):
    home = "Can officers enter your home?"
    make_article(title=home, body="Officers may knock at your door. They need a judge's warrant.")
    make_article(
        title="Please read before you protest", body="Urgent: ask officers for a lawyer ASAP."
    )
    make_article(title="Where to get help", body="Legal clinics.")
    assert result_titles(search(client, "please urgent officers door asap")) == [home]
    assert result_titles(search(client, "please help")) == ["Where to get help"]  # a real word


def test_a_passage_cut_from_a_longer_text_says_so(client):
    # ts_headline (PostgreSQL) returned a bare run of words; snippet() (SQLite) adds "…".
    filler = "Officers follow many ordinary rules every day. "
    make_article(title="Middle", summary="", body=filler * 8 + "A detainer asks. " + filler * 8)
    make_article(title="Start", summary="", body="Bonds are money. " + filler * 12)
    make_article(title="End", summary="", body=filler * 12 + "Then a hearing follows.")
    make_article(title="Short", summary="", body="A short note about bail.")
    [middle] = result_snippets(search(client, "detainer"))
    assert middle.startswith("…") and middle.endswith("…") and "<mark>detainer</mark>" in middle
    [start] = result_snippets(search(client, "bond"))
    assert start.startswith("<mark>Bonds</mark> are money.") and start.endswith("…")
    [end] = result_snippets(search(client, "hearing"))
    assert end.startswith("…") and end.endswith("a <mark>hearing</mark> follows.")
    assert result_snippets(search(client, "bail")) == ["A short note about <mark>bail</mark>."]


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("UN refugee convention", "The UN refugee convention"),
        ("LA county jail", "Who runs the LA county jail"),
        ("el paso", "Courts in El Paso"),
    ],
)
def test_words_spanish_shares_with_english_searches_are_kept_in_english(client, q, title):
    make_article(title="The UN refugee convention", body="Signed in 1951.")
    make_article(title="A refugee's first year", body="Housing and work.")
    make_article(title="Who runs the LA county jail", body="The sheriff.")
    make_article(title="A county jail in Ohio", body="The sheriff.")
    make_article(title="Courts in El Paso", body="Two courthouses.")
    make_article(title="Paso Robles council", body="A small city.")
    assert result_titles(search(client, q)) == [title]
    # In a Spanish question they are just "the", "of the", "my".
    found = result_titles(search(client, "la cárcel del condado"))
    assert sorted(found) == ["A county jail in Ohio", "Who runs the LA county jail"]


@pytest.mark.parametrize(
    ("q", "suggested"),
    [("sanctury", "sanctuary"), ("warant", "warrant"), ("sanctury policy", "sanctuary policy")],
)
def test_a_misspelt_search_offers_the_word_it_probably_meant(client, q, suggested):
    make_article(title="What a sanctuary policy is", summary="Local rules on immigration.")
    make_article(title="Judicial warrants", summary="A judge signs a warrant.")
    body = search(client, q).content.decode()
    link = suggested.replace(" ", "%20")
    assert f'Did you mean: <a href="/search/?q={link}">{suggested}</a>?' in body


@pytest.mark.parametrize(
    ("q", "suggested"),
    [("fiansa", "fianza"), ("santuareo", "santuario"), ("abogao", "abogado")],
)
def test_a_misspelt_spanish_word_of_the_map_is_offered(client, q, suggested):
    # No page is written with these Spanish words: they find the English ones.
    make_article(title="How bail works", body="Money for release.")
    make_article(title="What a sanctuary policy is", body="Local rules.")
    make_article(title="Finding a lawyer", body="Clinics and hotlines.")
    body = search(client, q).content.decode()
    assert f'Did you mean: <a href="/search/?q={suggested}">{suggested}</a>?' in body


def test_a_search_not_in_spanish_lists_english_pages_before_spanish_ones(client):
    english = "How long can a jail hold someone because of an ICE detainer?"
    make_faq(question=english, answer="Usually up to 48 hours. The sheriff decides.")
    # Newer and shorter: it came first on both databases.
    spanish = "¿Qué es una orden de retención de ICE (detainer)?"
    make_faq(question=spanish, answer="Una solicitud al sheriff.", language="es")
    assert result_titles(search(client, "ICE")) == [english, spanish]  # in title + summary
    assert result_titles(search(client, "sheriff")) == [english, spanish]  # in the answers
    # A Spanish search still lists first the entry in the reader's words.
    assert result_titles(search(client, "orden de retención de ICE"))[0] == spanish


def test_a_last_word_of_three_letters_missing_one_is_corrected(client):
    make_article(title="Officers at your door", summary="ICE agents may knock and wait.")
    make_article(title="Who runs the county jail", summary="The sheriff, in most places.")
    body = search(client, "ice at my dor").content.decode()
    assert 'Did you mean: <a href="/search/?q=ice%20door">ice door</a>?' in body
    assert (
        'Did you mean: <a href="/search/?q=jail">jail</a>?'
        in search(client, "jal").content.decode()
    )
    # A letter more at the end makes another word ("card") or a plural: not a typo.
    make_article(title="Showing your ID card", summary="When officers may ask for one.")
    assert "Did you mean" not in search(client, "car").content.decode()


def test_an_english_search_is_not_offered_a_spanish_word(client):
    make_faq(
        question="¿Qué pasa después de la detención?", answer="Pida un abogado.", language="es"
    )
    make_faq(question="¿Me pueden quitar el celular?", answer="Necesitan una orden.", language="es")
    make_article(title="Can police search your phone?", summary="Usually they need a warrant.")
    make_article(
        title="What an ICE detainer is", summary="A request to a jail.", body="Someone detained."
    )
    for q in ["detention", "detentions", "cellular phone"]:
        assert "Did you mean" not in search(client, q).content.decode(), q
    # "detained" is the word the Spanish map searches for: nearer than "detainer".
    body = search(client, "detaned").content.decode()
    assert 'Did you mean: <a href="/search/?q=detained">detained</a>?' in body


def test_no_suggestion_that_would_find_nothing_or_for_words_already_right(client):
    make_article(title="What a sanctuary policy is")
    make_article(title="City budgets")
    # "sanctuary budgets" finds nothing either (no page holds both): no use offering it.
    assert "Did you mean" not in search(client, "sanctury budgets").content.decode()
    # Right words that simply find nothing together get no "correction".
    assert "Did you mean" not in search(client, "sanctuary budget zebra").content.decode()
    # A filter is kept in the suggestion.
    body = search(client, "sanctury", type="faq").content.decode()
    assert "Did you mean" not in body  # no FAQ entry holds it


def test_spanish_words_the_map_knows_are_never_corrected_into_english_ones():
    # "policía" is searched as itself and as "police": not a misspelling of "policies".
    make_article(title="Police policies on detention", body="Policies and policing.")
    assert suggestion(parse("policía detención")) == ""
    assert suggestion(parse("policis")) == "policies"  # an English misspelling still is


def test_a_spanish_query_is_marked_spanish_where_the_page_repeats_it(client):
    # So a screen reader says "policía" with a Spanish voice, not spelled out in English.
    make_article(title="Know your rights with the police")
    body = search(client, "derechos policía").content.decode()
    assert '<h1>Search results for “<bdi lang="es">derechos policía</bdi>”</h1>' in body
    body = search(client, "¿qué es?").content.decode()
    assert '“<bdi lang="es">¿qué es?</bdi>” has only very common words' in body
    body = search(client, "los vecinos del barrio").content.decode()
    assert 'Nothing matched “<bdi lang="es">los vecinos del barrio</bdi>”' in body
    # An English query, or one we can't tell, takes the page's language; one Spanish common
    # word doesn't make an English query Spanish.
    body = search(client, "qwxzv").content.decode()
    assert "Nothing matched “<bdi>qwxzv</bdi>”" in body
    body = search(client, "de facto sanctuary rules").content.decode()
    assert "“<bdi>de facto sanctuary rules</bdi>”" in body


@pytest.mark.parametrize(
    ("q", "title"),
    [
        ("can i film the cops", "Can I film the police at a protest?"),
        ("4th amendment", "What the Fourth Amendment requires"),
        ("do i need an attorney", "When you need a lawyer"),
        ("cellphone search", "Can police search my phone?"),
        ("how to complain about a cop", "How to file a complaint about police"),
        ("287g", "What 287(g) agreements do"),
        ("can u film the cops", "Can I film the police at a protest?"),
        ("can ice enter my house", "Can ICE enter your home?"),
        ("cell phone search police", "Can police search my phone?"),
    ],
)
def test_everyday_words_find_the_words_explainers_use(client, q, title):
    make_faq(question="Can I film the police at a protest?", answer="Usually, yes.")
    make_article(title="What the Fourth Amendment requires", summary="Searches and seizures.")
    make_article(title="When you need a lawyer", body="Free legal help exists.")
    make_article(title="Can police search my phone?", body="Usually they need a warrant.")
    make_article(title="How to file a complaint about police", body="Several offices take them.")
    make_article(title="What 287(g) agreements do", body="A county may sign one.")
    make_article(title="Can ICE enter your home?", body="Only with the right warrant.")
    make_article(title="Life in a jail cell", body="Police check each cell at night.")
    make_article(title="City budgets", body="The council votes on police funding.")
    assert result_titles(search(client, q)) == [title]


def test_ice_and_kids_find_the_words_explainers_use_for_them(client):
    school = "Can a school share student records with immigration agents?"
    make_faq(question=school, answer="Schools protect children's records under FERPA.")
    make_article(title="What happens at an immigration court hearing", body="A judge decides.")
    make_article(title="Officers at the door", body="Immigration officers need a warrant.")
    assert result_titles(search(client, "ice at school")) == [school]
    assert result_titles(search(client, "my kids school")) == [school]
    # ICE is the agency: an immigration court is something else.
    assert set(result_titles(search(client, "ice"))) == {school, "Officers at the door"}


def test_a_readers_house_is_a_home_but_the_house_of_representatives_is_not(client):
    home = "Can officers enter your home?"
    house = "How a bill passes the House of Representatives"
    make_article(title=home, body="Only with a judge's warrant.")
    make_article(title=house, body="A vote there, then one in the Senate.")
    for q in ["officers at my house", "can they enter the house", "warrant for our house"]:
        assert result_titles(search(client, q)) == [home], q
    for q in ["house", "the house of representatives", "house vote"]:
        assert result_titles(search(client, q)) == [house], q


def test_the_readers_own_word_and_either_number_form_still_match(client):
    # Alternatives widen a word, never replace it: a piece in the reader's words is found too.
    make_article(title="Why people say cops", body="Slang for officers.")
    make_article(title="The 4th Amendment in plain words")
    make_article(title="The Fourth Amendment and your phone")
    assert set(result_titles(search(client, "cops"))) == {"Why people say cops"}
    both = {"The 4th Amendment in plain words", "The Fourth Amendment and your phone"}
    assert set(result_titles(search(client, "fourth amendment"))) == both
    assert set(result_titles(search(client, "4th amendment"))) == both


def test_an_everyday_word_is_not_corrected_to_a_different_word(client):
    # "filming" is close to "filling", but it is a word we know the meaning of.
    make_article(title="Filling in the court form")
    body = search(client, "filming").content.decode()
    assert "Nothing matched" in body
    assert "Did you mean" not in body


def test_similar_questions_find_entries_worded_the_explainers_way(client):
    make_faq(question="Can I film the police at a protest?")
    make_faq(question="What is bail?")
    found = similar_entries("is it legal to film cops?")
    assert [entry.question for entry in found] == ["Can I film the police at a protest?"]


def test_everyday_words_do_not_send_readers_to_other_subjects(client):
    make_article(title="What ICE keeps", body="The jail records the name of each person.")
    make_article(title="What the attorney general does", body="The state's top lawyer.")
    make_article(title="Finding a lawyer", body="General advice on legal help.")
    make_article(title="Police budgets", body="How a council decides.")
    assert result_titles(search(client, "can i film ice")) == []  # not "records"
    assert result_titles(search(client, "attorney general")) == ["What the attorney general does"]
    assert result_titles(search(client, '"cops"')) == []  # a quoted word is exact
    # "cops" and "police" are one of the reader's words, not two of them.
    assert result_titles(search(client, "cops police brutality")) == []
    assert result_titles(search(client, "attorneys lawyers brutality")) == []
    make_article(title="Police brutality complaints", body="How to report it.")
    # A quoted word stays exact when only some of the words must match.
    assert result_titles(search(client, '"cops" brutality lawsuit')) == []
    make_article(title="Power of attorney for a parent", body="Signed before a notary.")
    make_article(title="What a lawyer has the power to do")
    assert result_titles(search(client, "power of attorney")) == ["Power of attorney for a parent"]
    assert "Power of attorney for a parent" not in result_titles(search(client, "lawyer"))


def test_the_letter_u_is_a_word_of_its_own(client):
    make_article(title="The U visa for crime victims")
    make_article(title="Tourist visas")
    assert result_titles(search(client, "u visa")) == ["The U visa for crime victims"]


def test_a_misspelt_everyday_word_is_offered_and_not_cut_to_another(client):
    make_article(title="Laws on protest", body="Ask a lawyer before you go.")
    body = search(client, "laywer").content.decode()
    assert 'Did you mean: <a href="/search/?q=lawyer">lawyer</a>?' in body
    # "lawe", a shorter form of "lawer", is stemmed to "law": it found every page on laws.
    assert result_titles(search(client, "lawer")) == []


@pytest.mark.parametrize(
    ("q", "written"),
    [
        ("¿Qué pasa si estoy detenida?", "¿Qué pasa si estoy detenido?"),
        ("orden firmada por jueces", "Una orden firmada por un juez"),
        ("detuvieron a mi hijo", "Mi hijo fue detenido"),
    ],
)
def test_a_spanish_entry_is_found_by_another_form_of_its_words(client, q, written):
    # Spanish entries are stemmed as English, which knows neither Spanish genders nor plurals
    # such as "jueces": the map's words of one meaning stand for each other.
    make_faq(question=written, answer="Pida hablar con un abogado.", language="es")
    make_faq(question="¿Qué hago en una protesta?", answer="Lleve agua.", language="es")
    assert result_titles(search(client, q, type="faq")) == [written]


def test_a_spanish_search_without_a_word_of_the_map_still_searches_its_english_words(client):
    # "ICE" is the word this reader cares about; no word of the map was typed.
    make_article(title=DETAINER, body="A request to keep someone detained.")
    make_article(title="Police budgets", body="How a council decides.")
    response = search(client, "como saber si ICE tiene a mi hijo")
    assert result_titles(response) == [DETAINER]
    assert 'no English word for them yet: <span lang="es">saber, hijo</span>' in (
        response.content.decode()
    )
