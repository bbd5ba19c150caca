"""gunicorn settings for `make serve` and production: `gunicorn -c portal/gunicorn.py` (#6).

Sync workers: every request is short (pages come from the cache or a few queries) and a
reverse proxy in front buffers slow clients. Each worker is its own process with its own
database connection, so SQLite runs in WAL mode with IMMEDIATE transactions (settings).
"""

import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
# A request that takes this long is stuck: the worker is replaced (its transaction rolls back).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can't grow forever; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The heartbeat file lives in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Trust X-Forwarded-* only from a proxy on this machine (see TLS_PROXY, TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Errors go to stderr. No access log by default: it would hold every reader's address and
# search words. ACCESS_LOG=1 logs method, path (no query string), status, size and time only.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
accesslog = "-" if os.environ.get("ACCESS_LOG", "0") in {"1", "true", "yes"} else None
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"

# No runtime control socket: nothing here uses gunicornc, and two servers on one machine
# (the scale-out check in `make load`) would fight over its single default path.
control_socket_disable = True


def post_fork(server, worker):
    # Workers log failed requests with the client's address or query; see GunicornRequestFilter.
    from portal.logs import GunicornRequestFilter

    worker.log.error_log.addFilter(GunicornRequestFilter())
