"""Merging a save from a page opened earlier with what others saved since, field by field.

A change page also sends, hidden, the value each field had when it was opened (Django's
show_hidden_initial). Three values per field, as opened, as sent and as saved now, tell which
fields this editor changed ("mine") and which someone else changed meanwhile ("theirs").
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext

from .text_merge import merge_lines

# Sent by every change page that sends its opened values (EditConflictForm.opened_values).
OPENED_STAMP = "opened_values"


def with_unix_line_ends(data):
    # Browsers send CRLF in text areas and hidden fields alike; text is kept with LF.
    data = data.copy()
    for key, values in data.lists():
        data.setlist(key, [v.replace("\r\n", "\n") for v in values])
    return data


def comparable(value):
    """A saved value as the form compares it: text without surrounding spaces or Windows line
    ends (text saved before the admin normalized them, or by a script, may have either)."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def field_labels(form, names):
    """The fields' labels as one phrase: "Title, Summary and Body"."""
    return get_text_list([str(form[name].label) for name in names], gettext("and"))


def opened_value(form, hidden_widget, key):
    """What a page sent back in the hidden copy of a field's opened value (show_hidden_initial)."""
    return hidden_widget.value_from_datadict(form.data, form.files, key)


class Stamp(forms.CharField):
    """A hidden bookkeeping field: never an edit, so the history never names it."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False)

    def has_changed(self, initial, data):
        return False


class OpenedValues:
    """ModelForm mixin for a change page that sends the values it was opened with."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = with_unix_line_ends(data)
        super().__init__(data, *args, **kwargs)
        # A page opened before pages sent their opened values can't tell what its editor
        # changed: it saves as it always did.
        self.sends_opened_values = self.instance.pk is not None and (
            not self.is_bound or OPENED_STAMP in self.data
        )
        # Fixed now: fields a formset adds later (a row's id, its Delete box) send none.
        self._merged = []
        self.combined = []  # text fields both changed, in different lines (merge_with_saved)
        if self.sends_opened_values:
            self._merged = [n for n, f in self.fields.items() if not isinstance(f, Stamp)]
            for name in self._merged:
                self.fields[name].show_hidden_initial = True
                if self.is_bound:
                    self._keep_sending_opened(name)

    def _keep_sending_opened(self, name):
        # Shown again (an error), the page must send the opened values once more. Django does
        # that only when the field's own key was sent, which a date-and-time pair (its keys end
        # in _0 and _1) and an empty multiple choice (no key at all) never do: it would send
        # what was typed instead, and the editor's change would count as nobody's.
        key = self[name].html_initial_name
        if key not in self.data:
            self.data.setlist(key, [])

    def merged_fields(self):
        return self._merged

    @cached_property
    def changed_data(self):
        """The fields this editor changed, against the values the page was opened with."""
        if not (self.is_bound and self.sends_opened_values):
            return super().changed_data
        mine = [name for name in self._merged if self._changed_by_editor(name)]
        return mine + [name for name in super().changed_data if name not in self._merged]

    def _opened(self, name):
        """The value `name` had when the page was opened, as the page sent it back."""
        field = self[name]
        return opened_value(self, field.field.hidden_widget(), field.html_initial_name)

    def _changed_by_editor(self, name):
        field, opened = self[name].field, self._opened(name)
        try:
            return field.has_changed(field.to_python(opened), self[name].data)
        except ValidationError:
            # The page showed a choice deleted since (a topic, an FAQ entry): compare as sent,
            # so an untouched field isn't taken for this editor's change.
            return opened != self[name].data

    def changed_since_opened(self, name):
        return self[name].field.has_changed(comparable(self[name].initial), self._opened(name))

    def differs_from_saved(self, name):
        return self[name].field.has_changed(comparable(self[name].initial), self[name].data)

    def saved_value(self, name):
        if self.instance._meta.get_field(name).many_to_many:
            return list(getattr(self.instance, name).all())
        return getattr(self.instance, name)

    def merge_with_saved(self, cleaned_data, settled=()):
        """Fields only someone else changed take the saved value; a long text both changed
        in different lines takes both changes (`self.combined` names those). Returns (kept,
        clashing): the names of the fields whose saved changes are kept, or of the fields both
        changed to different values (except `settled` ones, which this editor has been shown
        and replaces, a long text as a whole); nothing is kept then."""
        mine = set(self.changed_data)
        theirs = {name for name in self.merged_fields() if self.changed_since_opened(name)}
        clashing, combined = [], {}
        for name in self.merged_fields():
            if name in mine & theirs and name not in settled and self.differs_from_saved(name):
                text = self._combined_text(name, cleaned_data.get(name))
                if text is None:
                    clashing.append(name)
                else:
                    combined[name] = text
        if clashing:
            return [], clashing
        kept = [name for name in self.merged_fields() if name in theirs - mine]
        for name in kept:
            cleaned_data[name] = self.saved_value(name)
            # What the page showed may be gone (a topic deleted meanwhile): not this editor's.
            self._errors.pop(name, None)
        cleaned_data.update(combined)
        self.combined = list(combined)
        return kept + self.combined, []

    def _combined_text(self, name, typed):
        """A text area's text with both people's changes, when they changed different lines
        (paragraphs, in Markdown); None otherwise, or when the result isn't valid for the
        field (too long, say)."""
        field = self[name].field
        if not (isinstance(field.widget, forms.Textarea) and isinstance(typed, str)):
            return None
        opened = comparable(self._opened(name) or "")
        saved = comparable(self.saved_value(name) or "")
        text = merge_lines(opened, comparable(typed), saved)
        if text is None:
            return None
        try:
            return field.clean(text)
        except ValidationError:
            return None

    def show_saved_as_opened(self, names):
        """Shown again, these fields count the saved value as the one the page opened with, so
        saving again keeps this editor's value there (single-valued fields only)."""
        self.data = self.data.copy()
        for name in names:
            field = self[name].field
            value = field.hidden_widget().format_value(field.prepare_value(self[name].initial))
            self.data[self[name].html_initial_name] = value or ""


class MergedRow(OpenedValues, forms.ModelForm):
    """An inline row (an article's source) saved from a page opened earlier: the fields only
    someone else changed keep their value; a field both changed is an error on the row, once."""

    def clean(self):
        cleaned_data = super().clean()
        if self.sends_opened_values:
            _, clashing = self.merge_with_saved(cleaned_data)
            if clashing:
                self.show_saved_as_opened(clashing)
                raise ValidationError(
                    gettext(
                        "Someone else changed %(fields)s here since you opened this page. "
                        "Nothing was saved: save again to keep yours, or open the page again "
                        "to see theirs."
                    )
                    % {"fields": field_labels(self, clashing)},
                    code="edit_conflict",
                )
        return cleaned_data
