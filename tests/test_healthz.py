"""/healthz as load balancers call it: over plain HTTP, by the server's own address, reporting
the database and the shared cache."""

import os

import pytest
from django.test import Client, override_settings

from tests.helpers.caches import redis_cache
from tests.helpers.servers import closed_port

pytestmark = pytest.mark.django_db


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
