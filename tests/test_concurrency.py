"""SQLite under a real gunicorn with several workers: no "database is locked", no lost rows.

Each test starts gunicorn (3 sync workers) on 127.0.0.1 against a fresh SQLite file and fires
concurrent writes at it from threads; every request and wait is bounded.
"""

import itertools
import os
import signal
import socket
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from load.server import Gunicorn, base_env, manage

THREADS = 8
PER_THREAD = 4
SOURCES = 3
_numbers = itertools.count(1)


pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="about SQLite: runs in the SQLite leg",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrency")
    # As in production (DEBUG off, hashed static files, the file cache the workers share),
    # with the per-address question limit widened: every client here is 127.0.0.1.
    env = base_env(
        f"sqlite:///{folder / 'portal.sqlite3'}",
        STATIC_ROOT=folder / "static",
        CACHE_DIR=folder / "cache",
        MEDIA_ROOT=folder / "media",
        SERVE_MEDIA=1,  # as `make serve` does
        FAQ_ASK_LIMIT=10_000,
        FAQ_MIN_FILL_SECONDS=0,
    )
    manage(env, "collectstatic", "--no-input")
    manage(env, "migrate", "--no-input")
    manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": "load-test-pw"},
        "createsuperuser",
        "--no-input",
        "--username=admin",
        "--email=admin@example.org",
    )
    with Gunicorn(env, workers=3) as running:
        running.database = folder / "portal.sqlite3"
        yield running


def rows(server, sql):
    with sqlite3.connect(server.database, timeout=20) as db:
        return db.execute(sql).fetchall()


def wait_for_more_articles(server, before):
    """Until some of the writes have committed, so the next step meets writes in flight. A
    fixed sleep could end before any started on a slow machine, and prove nothing."""
    deadline = time.monotonic() + 10
    while rows(server, "SELECT count(*) FROM articles_article")[0][0] == before:
        assert time.monotonic() < deadline, "no article was saved within 10 s"
        time.sleep(0.02)


def article_fields(n):
    fields = {
        "title": f"Concurrent explainer {n}",
        "slug": f"concurrent-explainer-{n}",
        "summary": "Written while others wrote too.",
        "body": "## One\n\nText.\n\n## Two\n\nMore text.",
        "status": "published",
        "published_at_0": "2024-01-01",
        "published_at_1": "10:00:00",
        "past_publish_time_seen": "2024-01-01T10:00:00-06:00",  # that date, knowingly
        "sources-TOTAL_FORMS": str(SOURCES),
        "sources-INITIAL_FORMS": "0",
    }
    for i in range(SOURCES):
        fields |= {f"sources-{i}-order": str(i), f"sources-{i}-title": f"Source {n}.{i}"}
    return fields


@pytest.fixture(scope="module")
def admin(server):
    # One login shared by the threads (the cookie jar is thread-safe): a worker killed
    # mid-login would otherwise be a failed login, not a failed save.
    return server.session().log_in("admin", "load-test-pw")


def save_articles(session, count):
    statuses = []
    for _ in range(count):
        try:
            status = session.post("/admin/articles/article/add/", article_fields(next(_numbers)))[0]
        except OSError:  # the worker serving it was killed
            status = "connection lost"
        statuses.append(status)
    return statuses


def test_concurrent_admin_saves_never_lock_or_lose_rows(server, admin):
    before = rows(server, "SELECT count(*) FROM articles_article")[0][0]
    with ThreadPoolExecutor(THREADS) as pool:
        batches = pool.map(save_articles, [admin] * THREADS, [PER_THREAD] * THREADS)
        results = [status for batch in batches for status in batch]
    assert results == [302] * THREADS * PER_THREAD
    after = rows(server, "SELECT count(*) FROM articles_article")[0][0]
    assert after - before == THREADS * PER_THREAD
    assert "database is locked" not in server.log_text()


def test_a_worker_killed_mid_save_leaves_no_partial_rows(server, admin):
    before = rows(server, "SELECT count(*) FROM articles_article")[0][0]
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(save_articles, admin, PER_THREAD) for _ in range(THREADS)]
        wait_for_more_articles(server, before)  # writes are under way in the workers
        os.kill(server.worker_pids()[0], signal.SIGKILL)
        results = [s for f in futures for s in f.result(timeout=120)]
    saved = results.count(302)
    assert set(results) <= {302, "connection lost"}
    after = rows(server, "SELECT count(*) FROM articles_article")[0][0]
    # A save whose response was lost may or may not have committed; none is half-written.
    assert saved <= after - before <= saved + results.count("connection lost")
    partial = rows(
        server,
        "SELECT a.id FROM articles_article a LEFT JOIN articles_source s ON s.article_id = a.id "
        f"GROUP BY a.id HAVING count(s.id) != {SOURCES}",
    )
    assert partial == []
    assert rows(server, "PRAGMA integrity_check") == [("ok",)]
    assert server.get("/healthz")[0] == 200  # the master replaced the worker
    assert "database is locked" not in server.log_text()


def test_online_backup_while_workers_write(server, admin, tmp_path):
    before = rows(server, "SELECT count(*) FROM articles_article")[0][0]
    target = tmp_path / "backup.sqlite3"
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(save_articles, admin, PER_THREAD) for _ in range(THREADS)]
        wait_for_more_articles(server, before)
        manage(server.env, "backup_db", f"--output={target}")
        results = [s for f in futures for s in f.result(timeout=120)]
    assert results == [302] * len(results)  # the backup held no writer up for long
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        copied = copy.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    assert before <= copied <= before + len(results)


def ask(server, count):
    session = server.session()
    statuses = []
    for _ in range(count):
        text = f"Question {next(_numbers)}: who decides how polling places are chosen here?"
        status, _, headers = session.post("/faq/ask/", {"question": text, "action": "send"})
        statuses.append((status, headers.get("Location", "")))
    return statuses


def test_concurrent_questions_are_all_kept(server):
    before = rows(server, "SELECT count(*) FROM faq_submittedquestion")[0][0]
    with ThreadPoolExecutor(THREADS) as pool:
        batches = pool.map(ask, [server] * THREADS, [PER_THREAD * 2] * THREADS)
        results = [result for batch in batches for result in batch]
    assert all(status == 302 and "/faq/ask/thanks/" in to for status, to in results), results
    after = rows(server, "SELECT count(*) FROM faq_submittedquestion")[0][0]
    assert after - before == len(results)
    assert "database is locked" not in server.log_text()


def test_head_requests_get_the_get_headers_without_a_body(server):
    status, body, headers = server.get("/")
    head_status, head_body, head_headers = server.get("/", method="HEAD")
    assert status == head_status == 200
    assert head_body == ""
    assert head_headers["Content-Length"] == headers["Content-Length"] == str(len(body.encode()))
    assert "no-body response" not in server.log_text()  # gunicorn had nothing to drop


def test_an_edit_through_one_worker_reaches_every_worker_at_once(server, admin):
    n = next(_numbers)
    assert admin.post("/admin/articles/article/add/", article_fields(n))[0] == 302
    path = f"/articles/concurrent-explainer-{n}/"
    for _ in range(30):  # every worker now holds the page and the home page
        assert server.get(path)[0] == 200 and server.get("/")[0] == 200
    article_id = rows(server, f"SELECT id FROM articles_article WHERE slug = '{path[10:-1]}'")
    change = f"/admin/articles/article/{article_id[0][0]}/change/"
    assert admin.submit(change, {"status": "draft"})[0] == 302
    statuses = {server.get(path)[0] for _ in range(30)}
    assert statuses == {404}, "a worker served the unpublished article from its cache"
    assert not any(f"Concurrent explainer {n}<" in server.get("/")[1] for _ in range(30))


def test_uploads_are_served_when_serve_media_is_on(server):
    upload = server.database.parent / "media" / "uploads" / "map.png"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_bytes(b"\x89PNG\r\n\x1a\n-not-really")
    status, _, headers = server.get("/media/uploads/map.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert headers["Cache-Control"] == "public, max-age=3600"  # not revalidated every view


def test_malformed_requests_are_logged_without_address_or_request_line(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
        conn.sendall(b"GET /search/?q=my landlord dana HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.recv(100).startswith(b"HTTP/1.1 400")
    for _ in range(50):
        if "invalid request" in server.log_text():
            break
        time.sleep(0.1)
    log = server.log_text()
    assert "invalid request: Invalid HTTP" in log, log[-500:]
    assert "landlord" not in log and "ip=" not in log
