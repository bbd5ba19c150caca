"""Database outages: a short connection timeout, a 503 page in the site's layout, and
recovery without a restart."""

import contextlib
import os
import socket
import threading

import pytest
from django.db import close_old_connections, connection

from tests.factories import make_article
from tests.helpers.servers import database_at, unreachable

pytestmark = pytest.mark.django_db


def test_postgres_waits_seconds_not_minutes_for_a_server_that_stops_answering(monkeypatch):
    from portal.settings import database_from_url

    url = "postgres://portal:pw@db.internal:5432/portal"
    assert database_from_url(url)["OPTIONS"]["connect_timeout"] == "5"
    assert database_from_url(url + "?connect_timeout=2")["OPTIONS"]["connect_timeout"] == "2"
    monkeypatch.setenv("DATABASE_POOL", "1")
    # Below gunicorn's 30 s worker timeout, so the reader gets the 503 page, not a dead worker.
    assert database_from_url(url)["OPTIONS"]["pool"]["timeout"] < 30


def test_database_outage_gives_503s_and_the_site_recovers(client, caplog):
    article = make_article(title="Curfew rules")
    with database_at(**unreachable()):
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["database"] == "unavailable"
        page = client.get(article.get_absolute_url())
    assert page.status_code == 503
    body = page.content.decode()
    assert 'id="main"' in body and "Civic Explainers" in body  # the site layout
    assert "back in a moment" in body and "Traceback" not in body
    assert page["Retry-After"] == "30"
    assert "no-store" in page["Cache-Control"]
    assert "Content-Security-Policy" in page
    lines = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert lines[0] == "request error GET /healthz 503"
    assert lines[1].startswith(
        f"request error GET {article.get_absolute_url()} 503 OperationalError at articles/"
    )
    # The database's own first line, so an operator can tell a refused connection from a
    # wrong password or a read-only file.
    reason = "unable to open database file" if connection.vendor == "sqlite" else "refused"
    assert reason in lines[1].split(" - ", 1)[1]
    assert len(lines) == 2
    # Back again: the next request works, no restart needed.
    assert client.get("/healthz").status_code == 200
    assert "Curfew rules" in client.get(article.get_absolute_url()).content.decode()


class TcpRelay:
    """A loopback relay to PostgreSQL that can drop every connection, like a network outage."""

    def __init__(self, target):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets = []
        self.up = True
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target, timeout=5)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def pipe(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.up = False
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self.sockets = []

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.mark.skipif("postgres" not in os.environ.get("DATABASE_URL", ""), reason="needs PostgreSQL")
def test_postgres_connection_lost_mid_life_recovers_by_itself(client):
    def get(url):
        # What a WSGI server's request_started does and the test client skips: with
        # CONN_HEALTH_CHECKS, a persistent connection found dead is replaced.
        close_old_connections()
        return client.get(url).status_code

    settings_dict = connection.settings_dict
    relay = TcpRelay((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    try:
        with database_at(HOST="127.0.0.1", PORT=str(relay.port), CONN_MAX_AGE=60) as db:
            assert get("/healthz") == 200 and get("/articles/") == 200
            assert db.connection is not None  # persistent: kept between requests
            relay.cut()
            assert get("/healthz") == 503
            assert get("/articles/?page=2") == 503  # not cached: needs the database
            assert get("/articles/") == 200  # cached pages still served during the outage
            relay.restore()
            assert get("/healthz") == 200 and get("/articles/?page=1") == 200
    finally:
        relay.close()
