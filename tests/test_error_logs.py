"""Error logs: one line per failed or suspicious request, with no personal data and no
lines forged by a path."""

import json
import logging

import pytest
from django.urls import include, path

pytestmark = pytest.mark.django_db


def boom(request):
    # Personal data in the message, as a database error can carry it.
    raise ValueError(f"reader@example.org asked: {request.POST.get('question')}")


urlpatterns = [path("test-boom/", boom), path("", include("portal.urls"))]


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
