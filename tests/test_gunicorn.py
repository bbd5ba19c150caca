"""gunicorn's configuration: one line for a bad setting, no start where every page would
fail, settings read afresh by each worker, forwarded headers trusted only behind a TLS proxy."""

import os
import runpy
import secrets
import subprocess
import sys

import pytest

from tests.helpers.processes import BASE_DIR

pytestmark = pytest.mark.django_db


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
