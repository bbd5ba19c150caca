"""Reading settings from the environment, for portal/settings.py and portal/gunicorn.py.

A value that can't work stops start-up with a message naming the variable, rather than being
read as something else (`SECURE_HTTPS=enabled` as off) or failing on some later request.
"""

import os
import zoneinfo

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name, default).strip().lower()
    if raw not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name} must be 1 or 0 (on or off), not {raw!r}.")
    return raw in TRUE_WORDS


def env_int(name, default, minimum=0, maximum=None):
    """A whole number of at least `minimum` (and at most `maximum`, when given)."""
    raw = os.environ.get(name, str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        limits = f"of at least {minimum}" if maximum is None else f"from {minimum} to {maximum}"
        raise ImproperlyConfigured(f"{name} must be a whole number {limits}, not {raw!r}.")
    return value


def env_choice(name, default, choices):
    """One of `choices`, in any case; returned as written in `choices`."""
    raw = os.environ.get(name, default).strip()
    for choice in choices:
        if raw.lower() == choice.lower():
            return choice
    raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}.")


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_time_zone(name, default):
    """An IANA time zone name such as America/Chicago (what Django's TIME_ZONE takes)."""
    raw = os.environ.get(name, default).strip()
    try:
        zoneinfo.ZoneInfo(raw)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as America/Chicago or Europe/Madrid, "
            f"not {raw!r}."
        ) from None
    return raw
