"""Settings read from the environment: the deploy check, the secret key and its rotation,
the site's address, and bad values that stop start-up with a message naming them."""

import secrets
import time

import pytest
from django.test import Client

from faq.forms import started_token
from tests.helpers.processes import run_manage

pytestmark = pytest.mark.django_db


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
