"""gunicorn settings for `make serve` and production: `gunicorn -c portal/gunicorn.py` (#6).

Sync workers: every request is short (pages come from the cache or a few queries) and a
reverse proxy in front buffers slow clients. Each worker is its own process with its own
database connection, so SQLite runs in WAL mode with IMMEDIATE transactions (settings).
"""

import os
import subprocess
import sys

from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_choice, env_int

# Run in the child: Django's settings, then what would fail every page once serving.
CHECK_SERVING = """
import django
django.setup()
from portal.checks import serving_problems
for problem in serving_problems():
    raise SystemExit("ImproperlyConfigured: " + problem)
"""


def check_django_settings():
    """Read Django's settings in a child process, so a bad value stops start-up with one line
    naming it, not a traceback from every worker that fails to boot. A child, because the
    master must keep no copy: workers forked after a reload (HUP) read them afresh."""
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings", **os.environ}
    child = subprocess.run(
        [sys.executable, "-c", CHECK_SERVING], capture_output=True, text=True, env=env
    )
    if child.returncode:
        last = (child.stderr.strip().splitlines() or ["the settings failed to load"])[-1]
        raise ImproperlyConfigured(last.split("ImproperlyConfigured: ", 1)[-1])


# gunicorn is how production serves: DEBUG is off unless set, so a deploy that forgets it
# stops for a missing SECRET_KEY rather than serving debug pages with the development key.
# (Set before the check below, so the workers it forks inherit it too.)
os.environ.setdefault("DEBUG", "0")

try:
    workers = env_int("WEB_CONCURRENCY", 3, minimum=1)
    timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
    max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
    tls_proxy = env_bool("TLS_PROXY", "0")
    loglevel = env_choice(
        "GUNICORN_LOG_LEVEL", "info", ["debug", "info", "warning", "error", "critical"]
    )
    access_log = env_bool("ACCESS_LOG", "0")
    check_django_settings()
except ImproperlyConfigured as exc:
    sys.exit(f"Configuration error: {exc}")

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
worker_class = "sync"
# A request that takes `timeout` seconds is stuck: the worker is replaced (its transaction
# rolls back).
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can't grow forever; jitter avoids all at once.
max_requests_jitter = max_requests // 10
# The heartbeat file lives in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# X-Forwarded-Proto is trusted only when TLS_PROXY says a proxy sets it (and then only from
# FORWARDED_ALLOW_IPS); otherwise a local proxy passing a client's header on unchanged would let
# it skip the HTTPS redirect.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if tls_proxy else ""
if not tls_proxy:
    # Not even from a unix socket's peers, which gunicorn trusts whatever FORWARDED_ALLOW_IPS says.
    secure_scheme_headers = {}

# Errors go to stderr. No access log by default: it would hold every reader's address and
# search words. ACCESS_LOG=1 logs method, path (no query string), status, size and time only.
errorlog = "-"
accesslog = "-" if access_log else None
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"

# No runtime control socket: nothing here uses gunicornc, and two servers on one machine
# (the scale-out check in `make load`) would fight over its single default path.
control_socket_disable = True


def post_fork(server, worker):
    # Workers log failed requests with the client's address or query; see GunicornRequestFilter.
    # The access log holds the path unescaped; see GunicornAccessFilter.
    from portal.logs import GunicornAccessFilter, GunicornRequestFilter

    worker.log.error_log.addFilter(GunicornRequestFilter())
    worker.log.access_log.addFilter(GunicornAccessFilter())
