"""gunicorn behind a TLS-terminating proxy: whose X-Forwarded-Proto counts, and an access log
no request can write lines into. Each test starts a real gunicorn on 127.0.0.1."""

import logging
import os
import time

import pytest

from load.server import Gunicorn, base_env, manage

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="about gunicorn's settings, not the database: runs in the SQLite leg",
)


@pytest.fixture(scope="module")
def proxied_env(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proxy")
    env = base_env(
        f"sqlite:///{folder / 'portal.sqlite3'}",
        STATIC_ROOT=folder / "static",
        CACHE_DIR=folder / "cache",
        SECURE_HTTPS=1,
        TLS_PROXY=1,
        TRUSTED_PROXY_COUNT=1,
        ACCESS_LOG=1,
    )
    manage(env, "collectstatic", "--no-input")
    return env


def test_x_forwarded_proto_counts_only_from_the_proxies_gunicorn_trusts(proxied_env):
    says_https = {"X-Forwarded-Proto": "https"}
    # The proxy is 127.0.0.1, as gunicorn trusts by default: its word is taken.
    with Gunicorn(proxied_env, workers=1) as server:
        assert server.get("/robots.txt")[0] == 301
        status, _, headers = server.get("/robots.txt", headers=says_https)
        assert status == 200 and "max-age" in headers["Strict-Transport-Security"]
    # A client reaching the app from elsewhere can't skip the HTTPS redirect by saying https.
    with Gunicorn({**proxied_env, "FORWARDED_ALLOW_IPS": "10.9.9.9"}, workers=1) as server:
        assert server.get("/robots.txt", headers=says_https)[0] == 301


def test_a_request_cannot_write_lines_into_the_access_log(proxied_env):
    with Gunicorn(proxied_env, workers=1) as server:
        server.get("/robots.txt%0A2026-01-01%20ERROR%20forged%1b%5b2J")
        for _ in range(50):
            if "forged" in server.log_text():
                break
            time.sleep(0.1)
        log = server.log_text()
    [line] = [line for line in log.splitlines() if "forged" in line]
    assert line.startswith("GET /robots.txt\\n2026-01-01 ERROR forged\\x1b[2J ")
    assert "\x1b" not in log


def test_escaping_the_access_log_keeps_gunicorns_header_lookups():
    # A format naming a header (any case) or one the request lacks ("-") still works.
    from gunicorn.glogging import SafeAtoms

    from portal.logs import GunicornAccessFilter

    atoms = SafeAtoms({"U": "/a\nb", "{user-agent}i": "curl\x1b[2J"})
    line = "%(U)s %({User-Agent}i)s %({x-missing}i)s"
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, line, (), None)
    record.args = atoms  # as gunicorn passes them (LogRecord would unwrap a one-item tuple)
    assert GunicornAccessFilter().filter(record)
    assert record.getMessage() == "/a\\nb curl\\x1b[2J -"
