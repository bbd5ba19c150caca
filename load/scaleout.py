"""Two app servers sharing one PostgreSQL and one Redis: a change made through one shows
through the other on the very next request (#6). Run by load/run.py."""

import datetime
import os
import time
import uuid
from zoneinfo import ZoneInfo

from load.server import Gunicorn

ADMIN_PASSWORD = "load-run-admin-pw"


def article_fields(slug):
    # Published a minute ago in the site's time zone, so it tops the home page's latest list.
    zone = ZoneInfo(os.environ.get("TIME_ZONE", "America/Chicago"))
    when = datetime.datetime.now(zone) - datetime.timedelta(minutes=1)
    return {
        "title": f"Scale-out check {slug}",
        "slug": slug,
        "summary": "Published through one app server, read through the other.",
        "body": "## Why\n\nTo see the shared cache invalidate.",
        "status": "published",
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"),
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "_continue": "1",  # redirect to the change page, whose address holds the id
    }


def check(env, rounds=3):
    """Publish and unpublish through server A, read through server B; returns report lines."""
    lines, failures = [], 0
    with Gunicorn(env) as a, Gunicorn(env) as b:
        admin = a.session().log_in("admin", ADMIN_PASSWORD)
        for i in range(rounds):
            slug = f"scale-out-{uuid.uuid4().hex[:8]}-{i}"
            detail = f"/articles/{slug}/"
            for path in ("/", "/articles/", detail):
                b.get(path)  # B's readers have the pages cached (and the 404)
            status, _, headers = admin.post("/admin/articles/article/add/", article_fields(slug))
            change = headers.get("Location", "")
            started = time.monotonic()
            shown = b.get(detail)[0] == 200 and slug in b.get("/")[1]
            shown_ms = (time.monotonic() - started) * 1000
            admin.submit(change, {"status": "draft", "_continue": "1"})
            started = time.monotonic()
            gone = b.get(detail)[0] == 404 and slug not in b.get("/")[1]
            gone_ms = (time.monotonic() - started) * 1000
            ok = status == 302 and shown and gone
            failures += not ok
            lines.append(
                f"round {i + 1}: published via :{a.port} -> shown on :{b.port} "
                f"{'yes' if shown else 'NO'} ({shown_ms:.0f} ms); unpublished -> gone "
                f"{'yes' if gone else 'NO'} ({gone_ms:.0f} ms)"
            )
    return failures == 0, lines
