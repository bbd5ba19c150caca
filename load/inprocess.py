"""Time pages in-process, without HTTP, to see where an uncached page's time goes (#6).

    .venv/bin/python load/inprocess.py [N]

Calls Django's WSGI handler directly with the load settings (DEBUG off, load/urls.py) on a
fresh SQLite database holding the demo content: 50 warm-up requests per page, then the mean
of N (default 500). Prints milliseconds per request for the benchmark pages of load/urls.py.
"""

import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
WORK = Path(tempfile.mkdtemp(prefix="portal-inprocess-"))

from load.server import base_env  # noqa: E402

# The environment `make load` gives gunicorn, so the same settings are timed.
os.environ.update(
    base_env(
        f"sqlite:///{WORK / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="load.settings",
        CACHE_DIR=WORK / "cache",
        STATIC_ROOT=WORK / "static",  # its own collectstatic: pages need the hashed names
    )
)


def environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
    }


def mean_ms(handler, path, n):
    def once():
        response = handler(environ(path), lambda status, headers: None)
        assert b"".join(response), path
        response.close()

    for _ in range(50):
        once()
    start = time.perf_counter()
    for _ in range(n):
        once()
    return (time.perf_counter() - start) / n * 1000


def main():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-accounts", verbosity=0)

    from django.core.handlers.wsgi import WSGIHandler

    from articles.models import Article

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    article = Article.objects.published().first().get_absolute_url()
    handler = WSGIHandler()
    for name, path in [
        ("ceiling: constant 20 KB view", "/bench/constant/"),
        ("article page, cached", article),
        ("article page, uncached", f"/bench/uncached{article}"),
        ("one query, constant page", "/bench/query/"),
        ("floor: one query and the empty layout", "/bench/floor/"),
    ]:
        print(f"{mean_ms(handler, path, n):6.2f} ms  {name}", flush=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
