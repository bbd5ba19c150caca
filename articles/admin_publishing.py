"""Publishing in the admin: each save says whether readers see the piece, and a mistyped past
publish time is caught before it goes live."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.dates import zoned

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


# One rule for the publish time of a piece readers never saw, saved as published, though it
# acts at two moments: the form's clean() asks about a typed past time (PastPublishTimeCheck),
# the admin's save_model() dates an untouched one now (PublishableAdmin). Its halves depend on
# each other: the page asking sends the typed time as the one it opened with, so saved again it
# looks untouched, and only PAST_TIME_SEEN tells it from a draft's old time. Read apart, they
# drifted once (a4a67b8): a confirmation sent along for another time left an old draft dated
# when it was drafted.
KEPT, DATED_NOW, ASKED_FIRST = "kept", "dated now", "asked first"


def first_publish_time(form, status, when, has_been_public):
    """What `form`, saving a piece with `status` and the publish time `when`, does with that
    time: DATED_NOW when it was left as the page showed it (the draft's creation, or when the
    add form was opened) as the piece goes from draft to published; ASKED_FIRST when it was
    typed, over a day ago, and not yet confirmed; otherwise KEPT."""
    if status != Status.PUBLISHED or has_been_public or when is None:
        return KEPT  # taken down and published again: its date
    if form.data.get(PAST_TIME_SEEN) == when.isoformat():
        return KEPT  # told of this very time, and saved again
    if "published_at" in form.changed_data:
        return ASKED_FIRST if when < timezone.now() - LONG_AGO else KEPT
    if "status" in form.changed_data and when <= timezone.now():
        return DATED_NOW
    return KEPT


class PastPublishTimeCheck:
    """Form mixin: a piece first published with a typed publish time over a day ago is a form
    error, once (first_publish_time). The error carries a hidden field, so saving that page
    again publishes it with the date as typed (and a fresh page, or JavaScript off, works the
    same)."""

    def clean(self):
        cleaned_data = super().clean()
        when = cleaned_data.get("published_at")
        status = cleaned_data.get("status")
        if first_publish_time(self, status, when, self.instance.has_been_public) == ASKED_FIRST:
            message = PAST_PUBLISH_TIME % {"when": zoned(when)}
            seen = format_html(
                '{} <input type="hidden" name="{}" value="{}">',
                message,
                PAST_TIME_SEEN,
                when.isoformat(),
            )
            self.add_error("published_at", forms.ValidationError(seen, code="past_publish_time"))
        return cleaned_data


def where_it_stands(piece):
    """Whether readers see `piece`, said after each save: Django's "was changed successfully"
    doesn't say, and a mistyped date or a forgotten status is noticed there or not at all."""
    when = zoned(piece.published_at)
    if piece.is_published:
        return gettext("Readers can see it now (dated %(when)s).") % {"when": when}
    if piece.is_scheduled:
        return gettext("Scheduled for %(when)s: readers can't see it before.") % {"when": when}
    return gettext("A draft: readers can't see it.")
