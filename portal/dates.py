"""How a time is shown to staff and readers: the one rule, for Python and templates alike."""

from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format


def zoned(value):
    """`value` in the site's time zone, with the zone as it stood then: "Nov. 27, 2026, 4:33
    p.m. CST". Without it a reader or a moderator elsewhere can't tell which 4:33 (nor can
    anyone, in the hour that happens twice when clocks go back); Django's date:"T" prints
    nothing for that hour."""
    local = timezone.localtime(value)
    return f"{date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def zoned_column(field, description):
    """An admin list column showing the datetime `field` with its zone (the admin's own column
    leaves it out), sortable by it."""

    @admin.display(description=description, ordering=field)
    def column(obj):
        value = getattr(obj, field)
        return zoned(value) if value else None  # None: the admin's empty-value dash

    column.__name__ = f"{field}_zoned"
    return column
