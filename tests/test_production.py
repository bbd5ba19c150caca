"""Production behaviour: the deploy check, health checks, database outages and error logs."""

import contextlib
import json
import logging
import os
import runpy
import secrets
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.db import close_old_connections, connection
from django.test import Client, override_settings
from django.urls import include, path

from faq.forms import started_token
from portal import breaker
from tests.factories import make_article
from tests.helpers.caches import redis_cache
from tests.helpers.processes import BASE_DIR, run_manage
from tests.helpers.servers import closed_port, database_at, unreachable

pytestmark = pytest.mark.django_db


def boom(request):
    # Personal data in the message, as a database error can carry it.
    raise ValueError(f"reader@example.org asked: {request.POST.get('question')}")


urlpatterns = [path("test-boom/", boom), path("", include("portal.urls"))]


def test_deploy_check_passes_with_only_debug_secret_key_and_hosts():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="civic.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_old_secret_keys_are_read_from_the_environment_and_checked_like_the_key():
    # A weak old key would let anyone forge sessions as long as it is accepted.
    deploy = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "x.org"}
    strong = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY_FALLBACKS=f"{secrets.token_urlsafe(50)},{secrets.token_urlsafe(50)}",
        **deploy,
    )
    assert strong.returncode == 0, strong.stdout + strong.stderr
    weak = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY_FALLBACKS=f"{secrets.token_urlsafe(50)},short",
        **deploy,
    )
    assert weak.returncode != 0
    assert "SECRET_KEY_FALLBACKS[1]" in weak.stdout + weak.stderr


def test_rotating_the_secret_key_with_the_old_one_as_fallback_keeps_work_going(
    client, editor, settings
):
    """README, "Rotating the secret key": staff stay signed in, and a reader's question form
    opened before the change still sends."""
    settings.SECRET_KEY = old = secrets.token_urlsafe(50)
    client.force_login(editor)
    away = Client()  # an editor who doesn't come back while the old key is accepted
    away.force_login(editor)
    opened = started_token(time.time() - 30)
    settings.SECRET_KEY = secrets.token_urlsafe(50)

    settings.SECRET_KEY_FALLBACKS = [old]
    assert client.get("/admin/").status_code == 200
    question = {"question": "Who runs the county jail?", "started": opened, "action": "send"}
    sent = Client().post("/faq/ask/", question)
    assert sent.status_code == 302 and sent["Location"] == "/faq/ask/thanks/"

    settings.SECRET_KEY_FALLBACKS = []
    assert client.get("/admin/").status_code == 200  # that visit moved it to the new key
    assert away.get("/admin/").status_code == 302  # signed out


def test_deploy_check_asks_for_the_proxy_count_when_a_tls_proxy_is_in_front():
    # Every request then comes from the proxy: without the count, readers share one limit.
    deploy = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "x.org"}
    check = ("check", "--deploy", "--fail-level", "WARNING")
    uncounted = run_manage(*check, **deploy, TLS_PROXY="1")
    assert uncounted.returncode != 0
    assert "portal.W001" in uncounted.stderr and "TRUSTED_PROXY_COUNT" in uncounted.stderr
    counted = run_manage(*check, **deploy, TLS_PROXY="1", TRUSTED_PROXY_COUNT="1")
    assert counted.returncode == 0, counted.stdout + counted.stderr


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="civic.example.org")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("FAQ_ASK_PERIOD", "0", "FAQ_ASK_PERIOD must be a whole number from 1 to 86400, not '0'"),
        # The ask form promises the hashed address is kept for a day at most.
        ("FAQ_ASK_PERIOD", "86401", "FAQ_ASK_PERIOD must be a whole number from 1 to 86400"),
        ("PAGE_CACHE_SECONDS", "abc", "PAGE_CACHE_SECONDS must be a whole number of at least 0"),
        ("PAGE_CACHE_SECONDS", "-5", "PAGE_CACHE_SECONDS must be a whole number of at least 0"),
        ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL must start with redis://"),
        ("SITE_URL", "civic.example.org", "SITE_URL must start with https://"),
        # Read as "off", it would drop the HTTPS redirect, secure cookies and HSTS unsaid.
        ("SECURE_HTTPS", "enabled", "SECURE_HTTPS must be 1 or 0 (on or off), not 'enabled'"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of "),
        ("TIME_ZONE", "Central", "TIME_ZONE must be a time zone name such as America/Chicago"),
        # redis-py would quietly use database 0, perhaps another site's.
        ("REDIS_URL", "redis://127.0.0.1:6379/cache", "REDIS_URL must end with a database number"),
        ("REDIS_URL", "redis://a:6379/0,redis://b/x", "REDIS_URL must end with a database number"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_message_naming_it(name, value, message):
    # Not a 500 on the first question (a zero period divides by zero) or a silent cache miss.
    result = run_manage("check", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "name, value",
    [
        ("LOG_LEVEL", "warn"),  # Python's logging takes WARN and NOTSET too
        ("DEBUG", "True"),
        ("REDIS_URL", "redis://primary:6379/0,redis://replica:6379/0"),  # Django reads a list
    ],
)
def test_values_python_or_django_take_still_start(name, value):
    result = run_manage("check", **{name: value})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("GUNICORN_TIMEOUT", "30s", "GUNICORN_TIMEOUT must be a whole number of at least 1"),
        ("ACCESS_LOG", "sometimes", "ACCESS_LOG must be 1 or 0"),
        ("FAQ_ASK_LIMIT", "abc", "FAQ_ASK_LIMIT must be a whole number of at least 1"),
    ],
)
def test_gunicorn_stops_on_a_bad_setting_with_one_line_naming_it(name, value, message):
    # Django's settings too are read in gunicorn's master: not a traceback per worker.
    result = start_gunicorn(DEBUG="1", **{name: value})
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Configuration error: {message}")


def test_gunicorn_without_debug_set_runs_with_debug_off_so_needs_a_secret_key():
    # Not Django's debug pages (every URL listed, posted data in tracebacks) with the
    # development SECRET_KEY: a deploy that forgets DEBUG=0 stops and says what's missing.
    result = start_gunicorn()
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line == (
        "Configuration error: Set the SECRET_KEY environment variable (required when DEBUG is off)."
    )


def start_gunicorn(**env):
    return subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "portal/gunicorn.py", "--bind", "127.0.0.1:0"],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_gunicorn_wont_start_where_every_page_would_fail(tmp_path):
    # Each was a 500 on every page (with a traceback per request) while /healthz said ok.
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "civic.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    result = start_gunicorn(**production)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Configuration error: No static files in STATIC_ROOT")
    assert "run `manage.py collectstatic --no-input` first" in line

    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text("{}")
    result = start_gunicorn(**{**production, "CACHE_DIR": "/proc/portal-cache"})
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Configuration error: The default cache's folder /proc/portal-cache")


def test_gunicorns_master_keeps_no_copy_of_djangos_settings():
    # Workers forked after a reload (HUP) must read the settings afresh, not inherit the
    # master's: a deploy that changes them and reloads would run on the old ones.
    result = subprocess.run(
        [sys.executable, "-c", "import runpy, sys; runpy.run_path('portal/gunicorn.py');"
         "print('portal.settings' in sys.modules)"],
        cwd=BASE_DIR, env={"PATH": os.environ["PATH"], "DEBUG": "1"}, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("tls_proxy, trusted", [(None, ""), ("1", "127.0.0.1,::1")])
def test_gunicorn_trusts_x_forwarded_proto_only_behind_a_tls_proxy(monkeypatch, tls_proxy, trusted):
    # Otherwise a local proxy that passes on a client's "X-Forwarded-Proto: https" would let
    # it skip the HTTPS redirect.
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.setenv("DEBUG", "1")  # the development settings suffice to read the config
    if tls_proxy:
        monkeypatch.setenv("TLS_PROXY", tls_proxy)
    else:
        monkeypatch.delenv("TLS_PROXY", raising=False)
    config = runpy.run_path(str(BASE_DIR / "portal" / "gunicorn.py"))
    assert config["forwarded_allow_ips"] == trusted
    # gunicorn believes a unix socket's peers whatever the list says: no scheme headers at all.
    assert ("secure_scheme_headers" in config) == (not tls_proxy)


def test_site_url_defaults_to_the_first_allowed_host_and_never_to_localhost():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
    )
    production = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_manage(*show, **production, ALLOWED_HOSTS="civic.example.org,www.civic.org")
    assert result.stdout.strip() == "https://civic.example.org", result.stderr
    result = run_manage(*show, **production, ALLOWED_HOSTS="localhost,civic.example.org")
    assert result.stdout.strip() == "https://civic.example.org", result.stderr
    # A wildcard, or local hosts only, say nothing about the public address: starting up
    # asks for SITE_URL rather than put 127.0.0.1 in every feed, sitemap and email.
    for hosts in [".civic.example.org", "localhost,127.0.0.1", None]:
        hosts = {"ALLOWED_HOSTS": hosts} if hosts else {}
        result = run_manage(*show, **production, **hosts)
        assert result.returncode != 0 and "Set the SITE_URL environment variable" in result.stderr
    result = run_manage(*show, **production, ALLOWED_HOSTS="*", SITE_URL="https://civic.org/")
    assert result.stdout.strip() == "https://civic.org"


def test_health_and_robots_answer_head_and_health_is_checked_over_plain_http(settings):
    settings.SECURE_SSL_REDIRECT = True  # read when the middleware starts: before any request
    client = Client()
    assert client.head("/healthz").status_code == 200
    assert client.head("/robots.txt", secure=True).status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_reports_the_database_also_to_a_load_balancer_sending_the_servers_address(
    client,
):
    # Many send the app server's IP as Host; a 400 would mark every server down.
    for headers in [{}, {"host": "10.0.0.5:8000"}]:
        response = client.get("/healthz", headers=headers)
        assert response.status_code == 200 and response.json()["database"] == "ok", headers
        assert "Content-Security-Policy" in response and "no-cache" in response["Cache-Control"]
    assert client.get("/", headers={"host": "10.0.0.5:8000"}).status_code == 400


def test_postgres_waits_seconds_not_minutes_for_a_server_that_stops_answering(monkeypatch):
    from portal.settings import database_from_url

    url = "postgres://portal:pw@db.internal:5432/portal"
    assert database_from_url(url)["OPTIONS"]["connect_timeout"] == "5"
    assert database_from_url(url + "?connect_timeout=2")["OPTIONS"]["connect_timeout"] == "2"
    monkeypatch.setenv("DATABASE_POOL", "1")
    # Below gunicorn's 30 s worker timeout, so the reader gets the 503 page, not a dead worker.
    assert database_from_url(url)["OPTIONS"]["pool"]["timeout"] < 30


def test_healthz_reports_a_shared_cache(client):
    url = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL")
    if url:
        with override_settings(CACHES=redis_cache(url)):
            health = client.get("/healthz").json()
        assert health == {"status": "ok", "database": "ok", "cache": "ok"}
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.get("/healthz")
    # Pages still come from the database: a load balancer must keep sending readers here.
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


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


@pytest.mark.urls(__name__)
def test_request_errors_are_one_line_without_personal_data(client, caplog):
    client.raise_request_exception = False
    response = client.post("/test-boom/", {"question": "Can my landlord evict me?"})
    assert response.status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert len(errors) == 1
    line = errors[0].getMessage()
    assert line.startswith("request error POST /test-boom/ 500 ValueError at tests/")
    assert errors[0].exc_info is None
    logged = caplog.text + json.dumps([r.getMessage() for r in caplog.records])
    for private in ("reader@example.org", "landlord", "Traceback", "127.0.0.1"):
        assert private not in logged


@pytest.mark.parametrize(
    "host, query, logger",
    [
        ("forged.example", "", "DisallowedHost"),
        ("testserver", "&".join(f"f{i}=x" for i in range(1001)), "TooManyFieldsSent"),
    ],
)
@pytest.mark.parametrize("path", ["/search/", "/articles/"])  # the layout reads the list's filter
def test_suspicious_requests_are_one_line_too(client, caplog, host, query, logger, path):
    response = client.get(f"{path}?{query}", HTTP_HOST=host)
    assert response.status_code == 400
    assert b"site-header" in response.content  # the 400 page is in the site's layout
    records = [r for r in caplog.records if r.name == f"django.security.{logger}"]
    assert len(records) == 1
    assert records[0].getMessage().startswith(f"request error GET {path} 400 {logger} at ")
    assert records[0].exc_info is None and "Traceback" not in caplog.text


def test_a_path_cannot_write_log_lines_of_its_own(client, caplog):
    forged = "/x%0A2026-11-26 14:00:00,000 ERROR forged line%E2%80%A8more/"
    assert client.get(forged, HTTP_HOST="forged.example").status_code == 400
    [record] = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    line = record.getMessage()
    assert "\n" not in line and "\u2028" not in line
    assert line.startswith(r"request error GET /x\n2026-11-26 14:00:00,000 ERROR forged line\u2028")


def test_gunicorns_line_for_a_failed_request_keeps_the_path_without_the_query():
    from portal.logs import GunicornRequestFilter

    record = logging.LogRecord(
        "gunicorn.error", logging.ERROR, "", 0, "Error handling request %s %s",
        ("GET", "/search/?q=my+landlord+dana"), None,
    )  # fmt: skip
    assert GunicornRequestFilter().filter(record)
    assert record.getMessage() == "Error handling request GET /search/"
    record.args = ("GET", "/x\nforged line?q=dana")
    GunicornRequestFilter().filter(record)
    assert record.getMessage() == r"Error handling request GET /x\nforged line"
