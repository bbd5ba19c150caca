"""Checks of the settings and the server before it serves: a deploy check for settings that
only make sense together, and what gunicorn checks before it starts (portal/gunicorn.py)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_addresses_trusted(app_configs, **kwargs):
    # A TLS proxy in front means every request arrives from the proxy's address.
    if settings.TLS_PROXY and not settings.TRUSTED_PROXY_COUNT:
        return [
            Warning(
                "TLS_PROXY=1 says a proxy is in front, but TRUSTED_PROXY_COUNT is 0: rate "
                "limits would count every client as the proxy, so a few questions from anyone "
                "would close the question form for everyone, and a few wrong passwords would "
                "lock every editor out of signing in.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that add to "
                "X-Forwarded-For (1 for nginx or Caddy alone).",
                id="portal.W001",
            )
        ]
    return []


def serving_problems():
    """What would fail every page once gunicorn serves, each as one line for the operator:
    found before it starts, not as a 500 page (and a traceback per request) on every page
    while /healthz says all is well."""
    problems = []
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if "Manifest" in storage and not manifest.is_file():
        problems.append(
            f"No static files in STATIC_ROOT ({settings.STATIC_ROOT}): run "
            "`manage.py collectstatic --no-input` first."
        )
    for alias, config in settings.CACHES.items():
        if not config["BACKEND"].endswith("FileBasedCache"):
            continue
        folder = Path(config["LOCATION"])
        try:
            folder.mkdir(parents=True, exist_ok=True)
            writable = os.access(folder, os.W_OK | os.X_OK)
        except OSError:
            writable = False
        if not writable:
            problems.append(
                f"The {alias} cache's folder {folder} can't be created or written by this user: "
                "set CACHE_DIR to a folder it can write."
            )
    return problems
