"""The admin's date-and-time fields through the hour that happens twice, when clocks go back.

Django refuses a local time such as 1:30 on that night ("may be ambiguous or may not exist"),
even when the editor didn't touch the field: a piece published or started in that hour (the
publish time defaults to now) couldn't be saved at all, not even as a draft. Here a repeated
time is read as its first occurrence, and the form then decides: unchanged, the field keeps the
time saved (which may be the second); typed, it is an error that says what to do. A time that
doesn't exist (when clocks go forward) is still refused, as Django does.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REPEATED = _(
    "This time happens twice that night, as the clocks go back an hour, so it can't tell "
    "readers when. Choose a time before or after that hour."
)


def is_repeated(naive):
    """Whether this local time happens twice (the first and second 1:30 when clocks go back)."""
    zone = timezone.get_current_timezone()
    first, second = (naive.replace(tzinfo=zone, fold=fold) for fold in (0, 1))
    # A time in the spring gap also has two offsets, but neither comes back as itself.
    exists = first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) == naive
    return exists and first.utcoffset() != second.utcoffset()


class SiteTimeField(forms.SplitDateTimeField):
    repeated = False  # set by clean(): the time happens twice, read as the first

    def compress(self, data_list):
        self.repeated = False
        try:
            return super().compress(data_list)
        except ValidationError as error:
            naive = datetime.datetime.combine(*data_list) if all(data_list) else None
            if error.code != "ambiguous_timezone" or not is_repeated(naive):
                raise
        self.repeated = True
        return naive.replace(tzinfo=timezone.get_current_timezone(), fold=0)


class RepeatedHourForm(forms.ModelForm):
    """ModelForm mixin for SiteTimeField: an untouched field keeps the time saved; a repeated
    time typed is an error."""

    def clean(self):
        cleaned_data = super().clean()
        for name, field in self.fields.items():
            if not getattr(field, "repeated", False) or name not in cleaned_data:
                continue
            if name in self.changed_data:
                self.add_error(name, ValidationError(REPEATED, code="repeated_time"))
            elif saved := getattr(self.instance, name, None):
                cleaned_data[name] = saved
        return cleaned_data
