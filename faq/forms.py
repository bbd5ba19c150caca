"""The reader's question form and its spam defences (no captcha, no third-party service).

The honeypot and the start time are read straight from the posted data rather than declared as
fields, so a bad value becomes one polite message at the top, never an error on a hidden input.
"""

import re
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.params import without_control_chars

from .models import QUESTION_MAX_CHARS, QUESTION_MIN_CHARS

HONEYPOT = "website"
STARTED = "started"
_STARTED_SALT = "faq.ask.started"
_STARTED_MAX_AGE = 24 * 3600  # a form left open longer gets a fresh start time
_LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|org|info|biz|ru|xyz|top)\b", re.I)


def started_token(at=None):
    """A signed 'form shown at' time, so we can tell a person's pace from a script's."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=_STARTED_SALT)


def seconds_since_start(token):
    """Seconds since the form was shown, or None if the token is missing, forged or too old."""
    try:
        elapsed = time.time() - float(signing.loads(token or "", salt=_STARTED_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return elapsed if 0 <= elapsed <= _STARTED_MAX_AGE else None


def count_links(text):
    return len(_LINK.findall(text or ""))


class QuestionField(forms.CharField):
    """Line breaks count as one character, as the browser counts them (it sends two).

    `max_chars`, not max_length, so there is no maxlength: the browser would silently cut a
    longer pasted text, where our error message says how long it is and keeps all of it for
    the reader to shorten.
    """

    default_error_messages = {
        "max_length": _("This is %(length)s characters long; %(limit)s at most."),
    }

    def __init__(self, *, max_chars, **kwargs):
        super().__init__(**kwargs)
        self.max_chars = max_chars

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_chars:
            # Grouped digits ("1,359"), as the help text writes the limit: "1359" next to
            # "1,000" reads as a different kind of number to someone reading a second language.
            raise forms.ValidationError(
                self.error_messages["max_length"],
                code="max_length",
                params={
                    "length": number_format(len(value), force_grouping=True),
                    "limit": number_format(self.max_chars, force_grouping=True),
                },
            )


class AskForm(forms.Form):
    question = QuestionField(
        label=_("Your question"),
        min_length=QUESTION_MIN_CHARS,
        max_chars=QUESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            _(
                "Between {min} and {max} characters. Please don't include personal details, "
                "such as your address, your case number or your immigration status."
            ),
            min=QUESTION_MIN_CHARS,
            max=f"{QUESTION_MAX_CHARS:,}",  # as the site's English writes it: "1,000"
        ),
        error_messages={
            "required": _("Please type your question."),
            "min_length": _(
                "Your question is very short. Please use at least %(limit_value)d characters, "
                "so that we can understand it."
            ),
            "max_length": _(
                "Your question is %(length)s characters long. Please shorten it to %(limit)s "
                "characters or fewer (about 150 words)."
            ),
        },
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=100,
        help_text=_("Only our moderators see it. It is never published."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        max_length=254,
        help_text=_(
            "Only to send you one email if we publish an answer to your question. Never published."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            # Django's "Enter a valid email address." shows neither the shape nor the way out.
            "invalid": _(
                "This does not look like an email address. An email address looks like this: "
                "name@example.org. You can also leave this field empty."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.needs_new_start = False

    def clean_question(self):
        # After the field's checks, which refuse a NUL byte with a message (the name's too);
        # what is left is checked for length again.
        question = without_control_chars(self.cleaned_data["question"]).strip()
        # Invisible characters (zero-width spaces) don't count: they are kept, as some scripts
        # need them (Persian's zero-width non-joiner), but a question of them says nothing.
        visible = "".join(c for c in question if unicodedata.category(c) != "Cf")
        if len(visible.strip()) < QUESTION_MIN_CHARS:
            field = self.fields["question"]
            raise forms.ValidationError(
                field.error_messages["min_length"],
                code="min_length",
                params={"limit_value": QUESTION_MIN_CHARS},
            )
        if count_links(question) > settings.FAQ_MAX_LINKS:
            raise forms.ValidationError(
                _(
                    "Your question contains a lot of links, which is what spam usually looks "
                    "like. Please remove some links and send it again."
                ),
                code="too_many_links",
            )
        return question

    def field_errors(self):
        """(field, message) for every error of a field, for the summary above the form."""
        return [(field, error) for field in self for error in field.errors]

    def clean_name(self):
        # One line, as its box allows: a line break can only come from a script.
        name = " ".join(without_control_chars(self.cleaned_data["name"]).split())
        if count_links(name):
            raise forms.ValidationError(
                _("Please enter just a name here, without a web address."), code="link_in_name"
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise forms.ValidationError(
                _(
                    "We couldn't accept this question: your browser may have filled in a field "
                    "that must stay empty. It is empty now, so please send it again."
                ),
                code="honeypot",
            )
        elapsed = seconds_since_start(self.data.get(STARTED))
        if elapsed is None:
            # Missing or forged (a script), or the page was open for more than a day.
            self.needs_new_start = True
            raise forms.ValidationError(
                _(
                    "This page was opened too long ago for us to accept the question. Your "
                    "question is still below: please send it again."
                ),
                code="stale",
            )
        if elapsed < settings.FAQ_MIN_FILL_SECONDS:
            self.needs_new_start = True
            raise forms.ValidationError(
                _(
                    "That was very quick: to stop automatic spam, we can't accept a question "
                    "sent a few seconds after the page opened. Your question is still below. "
                    "Please wait a few seconds, then send it again."
                ),
                code="too_fast",
            )
        return cleaned

    def started_value(self):
        """The start time to put back into the page: the posted one unless it failed, or the
        search page's the reader came from."""
        if self.is_bound and not self.needs_new_start and self.data.get(STARTED):
            return self.data[STARTED]
        return (not self.is_bound and self.initial.get(STARTED)) or started_token()
