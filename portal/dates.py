"""How a time is shown to staff and readers: the one rule, for Python and templates alike."""

from django.utils import timezone
from django.utils.formats import date_format


def zoned(value):
    """`value` in the site's time zone, with the zone as it stood then: "Nov. 27, 2026, 4:33
    p.m. CST". Without it a reader or a moderator elsewhere can't tell which 4:33 (nor can
    anyone, in the hour that happens twice when clocks go back); Django's date:"T" prints
    nothing for that hour."""
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"
