"""Pages while the shared cache is down or failing: served from the database, the outage
logged once, the cache tried again after a while; and the file cache workers share."""

import contextlib
import socket
import threading

import pytest
from django.test import override_settings

from portal import breaker
from tests.factories import make_article
from tests.helpers.caches import redis_cache
from tests.helpers.servers import closed_port

pytestmark = pytest.mark.django_db


def test_the_file_cache_workers_share_serves_checks_and_invalidates(
    client, tmp_path, django_assert_num_queries
):
    files = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    with override_settings(CACHES={"default": {**files, "LOCATION": str(tmp_path)}}):
        assert client.get("/healthz").json()["cache"] == "ok"
        make_article(title="First piece")
        client.get("/")
        with django_assert_num_queries(0):
            assert "First piece" in client.get("/").content.decode()
        make_article(title="Second piece")
        assert "Second piece" in client.get("/").content.decode()


def test_pages_are_served_uncached_while_the_cache_is_down(client, caplog):
    make_article(title="Tenant rights")
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.get("/")
    assert response.status_code == 200
    assert "Tenant rights" in response.content.decode()
    assert "page cache unavailable: ConnectionError" in caplog.text


@contextlib.contextmanager
def failing_cache_server():
    """A "Redis" that accepts each connection and closes it at once; yields its port and the
    list of connections it took, to see how often the site tries it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.05)
    taken, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            # Counted before it is closed: the test reads len(taken) once the client has
            # seen the connection fail, which may be as soon as it is closed.
            taken.append(conn)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], taken
    finally:
        stop.set()
        thread.join()
        server.close()


def test_a_failed_cache_is_left_alone_for_a_while_then_tried_again(client, caplog, monkeypatch):
    # A Redis that hangs would cost every request its timeout: after one failure the cache is
    # skipped for a while, pages come from the database, and the outage is logged once.
    make_article(title="Tenant rights")
    with failing_cache_server() as (port, taken):
        with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{port}/0")):
            assert "Tenant rights" in client.get("/").content.decode()
            tried = len(taken)
            assert tried > 0
            for _ in range(3):
                assert "Tenant rights" in client.get("/").content.decode()
            assert len(taken) == tried
            assert caplog.text.count("page cache unavailable: ConnectionError") == 1
            later = breaker.monotonic() + breaker.SKIP_SECONDS + 1
            monkeypatch.setattr(breaker, "monotonic", lambda: later)
            assert client.get("/").status_code == 200
            assert len(taken) > tried
