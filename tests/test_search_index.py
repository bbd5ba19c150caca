"""The index follows every content change; rebuilds, query counts and zero-result logging."""

import datetime
import io
import threading
import time
import types

import pytest
from django.core.management import call_command
from django.db import connection, transaction

import portal.ratelimit
from articles.models import Article
from portal import search as engine
from portal.models import ONE_OFF_DAYS, ZeroResultSearch
from portal.search.documents import Kind
from portal.search.sync import fill_empty_index
from tests.conftest import TRANSACTIONAL
from tests.factories import make_article, make_faq, make_question, make_topic
from tests.helpers.concurrency import in_thread, pg_only, until_another_waits_for_a_lock
from tests.search_helpers import result_titles, search

pytestmark = pytest.mark.django_db


def test_edits_publish_and_unpublish_update_the_index(client):
    article = make_article(title="Curfew rules", status="draft")
    assert result_titles(search(client, "curfew")) == []
    article.status = "published"
    article.save()
    assert result_titles(search(client, "curfew")) == ["Curfew rules"]
    article.title = "Curfew orders"
    article.body = "A lantern festival note."
    article.save()
    assert result_titles(search(client, "orders")) == ["Curfew orders"]
    assert result_titles(search(client, "rules")) == []
    assert result_titles(search(client, "lantern")) == ["Curfew orders"]
    article.status = "draft"
    article.save()
    assert result_titles(search(client, "curfew")) == []
    article.status = "published"
    article.save()
    article.delete()
    assert result_titles(search(client, "curfew")) == []


def test_faq_entries_follow_their_changes(client):
    entry = make_faq(question="Can I film the police?", answer="Usually, yes.")
    assert result_titles(search(client, "film")) == ["Can I film the police?"]
    entry.answer = "In public places, generally yes: a camcorder is fine."
    entry.save()
    assert result_titles(search(client, "camcorder")) == ["Can I film the police?"]
    entry.delete()
    assert result_titles(search(client, "film")) == []


@pytest.mark.parametrize("build", [make_article, make_faq])
def test_topic_changes_from_either_side_update_the_filter(client, build):
    topic = make_topic(slug="courts")
    item = build(
        slug="bail-item", **({"title": "Bail"} if build is make_article else {"question": "Bail?"})
    )

    def found():
        return bool(result_titles(search(client, "bail", topic="courts")))

    item.topics.add(topic)
    assert found()
    item.topics.remove(topic)
    assert not found()
    item.topics.set([topic])
    assert found()
    item.topics.clear()
    assert not found()
    related = topic.articles if build is make_article else topic.faq_entries
    related.add(item)
    assert found()
    related.remove(item)
    assert not found()
    related.add(item)
    related.clear()
    assert not found()


def test_rebuild_command_restores_a_lost_index(client):
    make_article(title="Voting by mail")
    make_faq(question="How do I vote by mail?")
    make_article(title="Draft on voting", status="draft")
    engine.backend().clear()
    assert result_titles(search(client, "voting")) == []
    out = io.StringIO()
    call_command("rebuild_search_index", "--dry-run", stdout=out)
    assert "Would index 2 documents" in out.getvalue()
    assert result_titles(search(client, "voting")) == []
    call_command("rebuild_search_index", stdout=out)
    assert "Indexed 2 documents" in out.getvalue()
    assert len(result_titles(search(client, "vote"))) == 2


def test_rebuilding_brings_changes_made_behind_the_indexs_back_up_to_date(client):
    # QuerySet.update() sends no signals: the index still holds the old state.
    renamed, unpublished = make_article(title="Polling hours"), make_article(title="Poll taxes")
    missing = make_article(title="Poll workers")
    Article.objects.filter(pk=renamed.pk).update(title="Ballot hours")
    Article.objects.filter(pk=unpublished.pk).update(status="draft")
    engine.backend().remove("article", [missing.pk])

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert result_titles(search(client, "ballot")) == ["Ballot hours"]
    assert sorted(result_titles(search(client, "poll"))) == ["Poll workers"]


@TRANSACTIONAL
def test_the_site_keeps_working_while_the_index_is_rebuilt(client, monkeypatch):
    for n in range(3):
        make_article(title=f"Voting rules {n}")
    Article.objects.update(title="Ballot rules")  # behind the index's back
    between_batches, go_on = threading.Event(), threading.Event()
    calls = []
    indexable = Kind.indexable

    def pausing(kind):
        calls.append(kind.name)
        if calls.count("article") == 3:  # the ids, the first batch, now the second
            between_batches.set()
            go_on.wait(10)
        return indexable(kind)

    monkeypatch.setattr(Kind, "indexable", pausing)
    thread = in_thread(lambda: engine.refresh(batch_size=1))
    try:
        assert between_batches.wait(10)
        # A reader's question is stored at once, and search finds every explainer: the one
        # refreshed under its new title, the others still under the old.
        make_question()
        assert result_titles(search(client, "ballot")) == ["Ballot rules"]
        assert len(result_titles(search(client, "voting"))) == 2
    finally:
        go_on.set()
        thread.join(30)
    assert len(result_titles(search(client, "ballot"))) == 3
    assert result_titles(search(client, "voting")) == []


def refresh_paused_at(monkeypatch, title):
    """Start refresh() in another thread; return once it has read the piece called `title`
    (not yet written to the index), and a function that lets it finish."""
    reached, go_on = threading.Event(), threading.Event()
    document = Kind.document

    def pausing(kind, obj):
        # Once: the test's own save then makes this piece's document too.
        if obj.title == title and not reached.is_set():
            reached.set()
            go_on.wait(10)
        return document(kind, obj)

    monkeypatch.setattr(Kind, "document", pausing)
    thread = in_thread(lambda: engine.refresh(batch_size=1))
    assert reached.wait(10)

    def finish():
        go_on.set()
        thread.join(30)

    return finish


@TRANSACTIONAL
def test_a_save_during_the_rebuild_keeps_its_newer_text_in_the_index(client, monkeypatch):
    article = make_article(title="Jury duty")
    finish = refresh_paused_at(monkeypatch, "Jury duty")
    try:
        article.title = "Jury service"
        article.save()  # indexed at once by its own save
    finally:
        finish()
    assert result_titles(search(client, "service")) == ["Jury service"]
    assert result_titles(search(client, "duty")) == []


@TRANSACTIONAL
def test_a_topic_given_during_the_rebuild_stays_in_the_index(client, monkeypatch):
    # Added without saving the piece (a script, loaddata): its updated_at doesn't move.
    article, courts = make_article(title="Jury duty"), make_topic(name="Courts", slug="courts")
    finish = refresh_paused_at(monkeypatch, "Jury duty")
    try:
        article.topics.add(courts)
    finally:
        finish()
    assert result_titles(search(client, "jury", topic="courts")) == ["Jury duty"]


@pg_only
@TRANSACTIONAL
def test_a_topic_being_given_as_the_rebuild_checks_stays_in_the_index(client):
    # A script's transaction has given the topic (and indexed it) but not committed when the
    # rebuild checks the piece: the rebuild must wait for it, not write its older read over it.
    article, courts = make_article(title="Jury duty"), make_topic(name="Courts", slug="courts")
    done = threading.Event()
    with transaction.atomic():
        article.topics.add(courts)
        rebuild = in_thread(lambda: (engine.refresh(batch_size=1), done.set()))
        until_another_waits_for_a_lock(done)
    rebuild.join(30)
    assert done.is_set()
    assert result_titles(search(client, "jury", topic="courts")) == ["Jury duty"]


@TRANSACTIONAL
def test_a_piece_published_during_the_rebuild_stays_in_the_index(client, monkeypatch):
    make_article(title="Jury duty")
    later = make_article(title="Grand juries", status="draft")
    finish = refresh_paused_at(monkeypatch, "Jury duty")
    try:
        later.status = "published"
        later.save()
    finally:
        finish()
    assert result_titles(search(client, "grand")) == ["Grand juries"]


def test_changes_rolled_back_leave_the_index_as_it_was(client):
    article = make_article(title="Recall elections")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Referendum rules"
        article.save()
        raise RuntimeError
    assert result_titles(search(client, "recall")) == ["Recall elections"]
    assert result_titles(search(client, "referendum")) == []


@pytest.mark.parametrize("n", [3, 30])
def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, n):
    topics = [make_topic() for _ in range(3)]
    for i in range(n):
        make_article(title=f"Election guide {i}", topics=topics)
        make_faq(question=f"Election question {i}?", topics=topics)
    # Up to 6 engine queries (+3 transaction statements on PostgreSQL), then one per kind, one
    # per kind's topics and the topic list.
    with django_assert_max_num_queries(14):
        assert len(result_titles(search(client, "election"))) == min(20, 2 * n)
    with django_assert_max_num_queries(14):
        search(client, "election", topic=topics[0].slug, type="faq", page=1 + n // 20)


def test_searches_without_results_are_counted_without_personal_data(client, admin_user):
    make_article(title="Police budgets")
    client.get("/search/", {"q": "Unicorn  permits!"}, REMOTE_ADDR="203.0.113.9")
    client.force_login(admin_user)
    search(client, "unicorn permits")
    search(client, "police")  # found something: not recorded
    search(client, "griffin", type="faq")  # filtered: not a gap in the content
    assert list(ZeroResultSearch.objects.values_list("query", "count")) == [("unicorn permits", 2)]
    fields = {f.name for f in ZeroResultSearch._meta.get_fields()}
    assert fields == {"id", "query", "count", "last_seen"}


@pytest.mark.parametrize(
    "query",
    [
        "juan@mail.example detained",
        "maria.lopez＠mail.example",  # a full-width @, as some keyboards type it
        "ana﹫mail.example",
        "A-123-456-789",
        "call 555 0134",
        "case 24-1234",
        "1990",
    ],
)
def test_searches_that_may_hold_personal_details_are_never_kept(client, query):
    from django.test import RequestFactory

    from portal.views import first_in_a_week

    search(client, query)
    page = search(client, "287(g) agreements").content.decode()  # a law's number: a topic
    assert list(ZeroResultSearch.objects.values_list("query", flat=True)) == ["287 g agreements"]
    assert "we count the words of searches that find nothing, never who searched" in page
    # Not even the hashed once-a-week mark, from which a phone number could be guessed back.
    assert first_in_a_week(RequestFactory().get("/search/"), query)


def test_one_client_cannot_flood_the_zero_result_list(client):
    from portal.views import ZERO_RESULT_LOG_LIMIT

    for n in range(ZERO_RESULT_LOG_LIMIT + 5):
        assert search(client, f"nonsense{n}").status_code == 200
    assert ZeroResultSearch.objects.count() == ZERO_RESULT_LOG_LIMIT
    client.get("/search/", {"q": "other reader"}, REMOTE_ADDR="198.51.100.7")
    assert ZeroResultSearch.objects.filter(query="other reader").exists()


def test_a_reader_reloading_a_search_that_found_nothing_is_counted_once(client):
    # Else one reader's search for a relative's name, reloaded, would reach the editors' list.
    for _ in range(3):
        client.get("/search/", {"q": "maria gonzalez"}, REMOTE_ADDR="203.0.113.9")
    assert list(ZeroResultSearch.objects.values_list("query", "count")) == [("maria gonzalez", 1)]
    client.get("/search/", {"q": "María  González!"}, REMOTE_ADDR="203.0.113.9")  # the same
    client.get("/search/", {"q": "maria gonzalez"}, REMOTE_ADDR="198.51.100.7")  # another reader
    assert list(ZeroResultSearch.objects.values_list("query", "count")) == [("maria gonzalez", 2)]


def test_a_reload_after_midnight_utc_is_still_the_same_readers_one_search(client, monkeypatch):
    # 17:55 and 18:05 in Chicago: a window of the UTC day counted the reload as a second search.
    midnight = datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC).timestamp()
    for now in (midnight - 300, midnight + 300):
        clock = types.SimpleNamespace(time=lambda now=now: now)
        monkeypatch.setattr(portal.ratelimit, "time", clock)
        client.get("/search/", {"q": "marisol quintanilla"}, REMOTE_ADDR="203.0.113.9")
    assert list(ZeroResultSearch.objects.values_list("count", flat=True)) == [1]


def test_the_same_reader_searching_again_days_later_is_still_one_search(client, monkeypatch):
    # A relative's name searched again the next day counted twice, and editors saw it. A
    # search made once is deleted after ONE_OFF_DAYS; the reader counts once until then.
    import django.core.cache.backends.locmem as locmem

    start = time.time()
    for days in (0, 1, ONE_OFF_DAYS - 1):
        later = types.SimpleNamespace(time=lambda days=days: start + days * 24 * 3600)
        monkeypatch.setattr(locmem, "time", later)  # the counters cache's clock
        client.get("/search/", {"q": "marisol quintanilla"}, REMOTE_ADDR="203.0.113.9")
    assert list(ZeroResultSearch.objects.values_list("count", flat=True)) == [1]


def test_editors_read_zero_result_searches_made_more_than_once(client, editor):
    for text in ["bike lanes", "bike lanes", "maria gonzalez detenida"]:
        ZeroResultSearch.record(text)
    client.force_login(editor)
    response = client.get("/admin/portal/zeroresultsearch/")
    assert response.status_code == 200
    assert "bike lanes" in response.content.decode()
    # One reader's one search may be a person's name: it stays out of sight.
    assert "maria" not in response.content.decode()
    assert client.get("/admin/portal/zeroresultsearch/add/").status_code == 403


def test_query_text_never_becomes_engine_syntax():
    from portal.search import postgres, query, sqlite

    q = query.parse('NEAR(x) "a" AND b* -c title:d \'e "f g" h')
    expression = sqlite.match_expression(q)
    assert (
        expression == '"near" AND "x" AND "b" AND "c" AND "title" AND "d" AND "e" AND "f g" AND "h"'
    )
    assert postgres.tsquery_text(q) == (
        "'near' & 'x' & 'b' & 'c' & 'title' & 'd' & 'e' & ('f' <-> 'g') & ('h')"
    )


def test_ask_a_question_suggests_answers_through_search():
    from faq.matching import similar_entries

    permit = make_faq(question="Do I need a permit to protest?", answer="Usually not.")
    filming = make_faq(question="Can I film the police?", answer="In public, yes.")
    make_faq(question="Can I film a protest in a permit zone?", status="draft")
    assert similar_entries("Is filming police officers legal?") == [filming]
    assert similar_entries("Do I need a PERMIT for a protest march?") == [permit]
    # One shared word is a coincidence, not a suggestion.
    assert similar_entries("How are protest budgets decided?") == []
    assert similar_entries('NEAR( "" * -- 😀') == []
    assert len(similar_entries("police permit protest film", limit=1)) == 1


def test_content_loaded_from_fixtures_is_searchable(client, tmp_path):
    topic = make_topic(slug="voting")
    article = make_article(title="Polling place rules", topics=[topic])
    fixture = tmp_path / "article.json"
    call_command("dumpdata", "articles.article", output=str(fixture), verbosity=0)
    article.delete()
    assert result_titles(search(client, "polling")) == []
    call_command("loaddata", str(fixture), verbosity=0)
    assert result_titles(search(client, "polling", topic="voting")) == ["Polling place rules"]


def test_an_empty_index_over_existing_content_fills_itself_after_migrate(client):
    from articles.models import Article

    article = make_article(title="Jury duty explained")
    engine.remove_object(Article, article.pk)  # as if the index had just been created
    assert result_titles(search(client, "jury")) == []
    call_command("migrate", verbosity=0)
    assert result_titles(search(client, "jury")) == ["Jury duty explained"]


def test_a_very_long_body_publishes_and_its_beginning_is_searchable(client):
    # About 1 MB of distinct words (pasted case numbers, say): more than PostgreSQL can index.
    body = "Bail hearings explained. " + " ".join(f"case{n:06d}x" for n in range(100_000))
    article = make_article(title="Court records", body=body)
    assert "Court records" in result_titles(search(client, "hearings"))
    assert "Court records" in result_titles(search(client, "case000100x"))
    article.refresh_from_db()
    assert article.is_published


@TRANSACTIONAL
def test_an_index_emptied_by_an_upgrade_is_refilled_batch_by_batch(client, monkeypatch):
    # After `migrate` on a live site: in one transaction, PostgreSQL's TRUNCATE lock held every
    # search and save on every app server until the whole archive was indexed.
    make_article(title="Voting by mail")
    make_faq(question="How do I vote by mail?")
    engine.backend().clear()
    in_transaction = []
    document = Kind.document

    def watched(kind, obj):
        in_transaction.append(connection.in_atomic_block)
        return document(kind, obj)

    monkeypatch.setattr(Kind, "document", watched)
    fill_empty_index(sender=None)

    assert in_transaction == [False, False]  # made outside the short write transactions
    assert len(result_titles(search(client, "vote"))) == 2
