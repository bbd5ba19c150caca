"""Publishing in the admin: each save says whether readers see the piece, and a mistyped past
publish time is caught before it goes live."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Status

# A piece first published with a typed publish time further back than this goes live at once,
# back-dated, below newer pieces and in the feeds' past: a mistyped year, often.
LONG_AGO = datetime.timedelta(days=1)
# Sent, holding the time typed, once the editor was told (by a hidden field in the error).
PAST_TIME_SEEN = "past_publish_time_seen"
PAST_PUBLISH_TIME = _(
    "Readers would see it at once, dated %(when)s, over a day ago: below newer pieces, and in "
    "the feeds' past. Nothing was saved. If that date is right, save again; if not, correct it."
)


class PastPublishTimeCheck:
    """Form mixin: a piece first published with a typed publish time over a day ago is a form
    error, once. The error carries a hidden field, so saving that page again publishes it with
    the date as typed (and a fresh page, or JavaScript off, works the same)."""

    def clean(self):
        cleaned_data = super().clean()
        when = cleaned_data.get("published_at")
        if (
            cleaned_data.get("status") == Status.PUBLISHED
            and not self.instance.has_been_public  # taken down and published again: its date
            and "published_at" in self.changed_data  # untouched, the admin dates it now
            and when is not None
            and when < timezone.now() - LONG_AGO
            # Told of this very time: another past one, typed after, is asked about again.
            and self.data.get(PAST_TIME_SEEN) != when.isoformat()
        ):
            message = PAST_PUBLISH_TIME % {"when": date_format(localtime(when), "DATETIME_FORMAT")}
            seen = format_html(
                '{} <input type="hidden" name="{}" value="{}">',
                message,
                PAST_TIME_SEEN,
                when.isoformat(),
            )
            self.add_error("published_at", forms.ValidationError(seen, code="past_publish_time"))
        return cleaned_data


def confirmed_past_time(form, piece):
    """Whether `piece`'s publish time is the past one its editor was told of and saved again."""
    return form.data.get(PAST_TIME_SEEN) == piece.published_at.isoformat()


def where_it_stands(piece):
    """Whether readers see `piece`, said after each save: Django's "was changed successfully"
    doesn't say, and a mistyped date or a forgotten status is noticed there or not at all."""
    when = date_format(localtime(piece.published_at), "DATETIME_FORMAT")
    if piece.is_published:
        return gettext("Readers can see it now (dated %(when)s).") % {"when": when}
    if piece.is_scheduled:
        message = gettext("Scheduled for %(when)s (%(zone)s): readers can't see it before.")
        return message % {"when": when, "zone": timezone.get_current_timezone_name()}
    return gettext("A draft: readers can't see it.")
