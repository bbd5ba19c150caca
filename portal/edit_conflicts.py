"""Two people editing the same thing in the admin: the later save must not silently undo the
earlier one.

A change page also sends, hidden, the value each field had when it was opened (Django's
show_hidden_initial), so a save knows which fields this editor changed. When someone else
saved in between, only those are written; the other fields keep what was saved meanwhile,
and a message says so. A field both changed, to different values, is a form error naming
who saved, when and what, with everything typed kept; saving that page again writes this
editor's value there, knowingly, and still keeps their other changes.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.forms import formsets
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from .dates import zoned
from .merging import OPENED_STAMP, OpenedValues, Stamp, field_labels
from .time_fields import RepeatedHourForm


class EditConflictForm(OpenedValues, RepeatedHourForm):
    """For models with an auto_now `updated_at`, which every save moves on."""

    opened_values = Stamp()  # "1": this page sends its opened values (OPENED_STAMP)
    opened_version = Stamp()  # the updated_at of what the page showed
    opened_at = Stamp()  # when the page was opened: saves after it are someone else's
    # "<version>|<fields>": the clashing fields this editor was shown at that saved version.
    clash_seen = Stamp()

    editing_user_pk = None  # set by EditConflictAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_their_changes = []  # fields saved meanwhile that this save keeps
        if self.instance.pk:
            self.fields[OPENED_STAMP].initial = "1"
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()
            self.fields["opened_at"].initial = timezone.now().isoformat()

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        # The admin read the instance inside this save's transaction, locked on PostgreSQL
        # (PortalAdmin.get_object): it is the version saved now until this save commits.
        saved = self.instance.pk and self.instance.updated_at.isoformat()
        if not (self.sends_opened_values and opened) or saved == opened:
            return cleaned_data
        seen_at, _, seen = (cleaned_data.get("clash_seen") or "").partition("|")
        settled = set(seen.split(",")) if seen_at == saved else set()
        self.kept_their_changes, clashing = self.merge_with_saved(cleaned_data, settled)
        if clashing:
            self.data = self.data.copy()
            self.data[self.add_prefix("clash_seen")] = f"{saved}|{','.join([*settled, *clashing])}"
            raise forms.ValidationError(
                conflict_message(
                    self.instance,
                    cleaned_data.get("opened_at"),
                    self.editing_user_pk,
                    field_labels(self, clashing),
                ),
                code="edit_conflict",
            )
        return cleaned_data


class RowsDeletedMeanwhile:
    """Formset mixin for a row deleted by someone else since the page was opened: Django puts
    that error on the row's hidden id, which admin pages show nowhere, so the page only said
    "Please correct the errors below". Say it for the whole formset instead."""

    deleted_message = gettext_lazy(
        "A row here was deleted by someone else since you opened this page, so nothing was "
        "saved. Copy what you typed, open the page again and add it."
    )

    def clean(self):
        super().clean()
        pk = self.model._meta.pk.name
        # A row this editor deleted too is simply gone.
        gone = [f for f in self.forms if pk in f.errors and not self._should_delete_form(f)]
        if gone:
            raise forms.ValidationError(self.deleted_message)


class MergedRows(RowsDeletedMeanwhile, BaseInlineFormSet):
    """Inline rows (an article's sources), their form a merging.MergedRow."""

    def clean(self):
        super().clean()
        # A row this editor deletes that someone corrected meanwhile: said once, as a clash
        # is (Django doesn't validate a row marked for deletion, so it's checked here).
        for form in self.deleted_forms:
            # A new row has no opened values (merged_fields() is empty): nothing to correct.
            corrected = [name for name in form.merged_fields() if form.changed_since_opened(name)]
            if corrected:
                form.show_saved_as_opened(corrected)
                raise forms.ValidationError(
                    gettext(
                        "Someone else changed a row you are deleting (%(row)s) since you "
                        "opened this page. Nothing was saved: save again to delete it anyway."
                    )
                    % {"row": form.instance},
                    code="edit_conflict",
                )


class EditConflictAdmin:
    """ModelAdmin mixin: a save never silently undoes one made after its page was opened."""

    form = EditConflictForm
    change_form_template = "admin/edit_conflicts/change_form.html"  # renders the stamps

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editing_user_pk = request.user.pk  # a class made for this request
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not getattr(form, "kept_their_changes", None):  # nor the FAQ list's order rows
            return
        theirs_only = [name for name in form.kept_their_changes if name not in form.combined]
        sentences = [saved_meanwhile(obj, form.cleaned_data.get("opened_at"), request.user.pk)]
        for names, sentence in [
            (
                theirs_only,
                gettext("Those changes to %(fields)s are kept, and yours are saved too."),
            ),
            (
                form.combined,
                gettext(
                    "You both changed %(fields)s, in different parts: both changes are kept, "
                    "so read the text through."
                ),
            ),
        ]:
            if names:
                sentences.append(sentence % {"fields": field_labels(form, names)})
        message = format_html_join(" ", "{}", ((sentence,) for sentence in sentences))
        self.message_user(request, message, messages.WARNING)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's own answer, a redirect to the admin's home page, would drop what was typed.
        # Only for a change page's save (it carries the stamp), not any POST to a wrong id.
        match = request.resolver_match
        if (
            request.method == "POST"
            and request.POST.get(OPENED_STAMP)
            and match
            and match.url_name == f"{opts.app_label}_{opts.model_name}_change"
        ):
            return self.deleted_while_editing(request, object_id)
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def deleted_while_editing(self, request, object_id):
        """The page for a save of something deleted since its page was opened: who deleted
        it, and the texts typed into the form, to copy."""
        deletion = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id=str(object_id),
                action_flag=DELETION,
            )
            .select_related("user")
            .order_by("action_time")
            .last()
        )
        if deletion is None:
            what = gettext("It was deleted while you were editing it.")
        else:
            what = format_html(
                gettext("It was deleted while you were editing it, by {who} ({when})."),
                who=saver_name(deletion.user, request.user.pk),
                when=zoned(deletion.action_time),
            )
        typed = typed_texts(self.get_form(request), request.POST)
        for inline in self.get_inline_instances(request):
            formset = inline.get_formset(request)
            prefix = formset.get_default_prefix()
            for row in range(kept_row_count(request.POST, prefix)):
                if request.POST.get(f"{prefix}-{row}-DELETE"):
                    continue
                row_label = f"{capfirst(inline.verbose_name)} {row + 1}"
                typed += typed_texts(formset.form, request.POST, f"{prefix}-{row}-", row_label)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Not saved: it was deleted"),
            "message": what,
            "typed": typed,
            "can_add": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/edit_conflicts/deleted.html", context, status=409)


def typed_texts(form_class, data, prefix="", row_label=""):
    """What was typed into a form's text and date fields: (label, text, needs a text area)."""
    typed = []
    for name, field in form_class.base_fields.items():
        text = data.get(prefix + name, "")
        if isinstance(field, forms.SplitDateTimeField):  # sent as name_0 (date), name_1 (time)
            text = " ".join(data.get(f"{prefix}{name}_{part}", "") for part in "01").strip()
        if (
            isinstance(field, (forms.CharField, forms.DateField, forms.SplitDateTimeField))
            and not field.widget.is_hidden
            and text.strip()
        ):
            label = capfirst(field.label or name)
            if row_label:
                label = f"{row_label}: {label}"
            typed.append((label, text, "\n" in text or len(text) > 100))
    return typed


def kept_row_count(data, prefix):
    """How many inline rows a POST says it sends, capped as Django's formsets cap it."""
    try:
        return min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), formsets.DEFAULT_MAX_NUM)
    except ValueError:
        return 0


def conflict_message(obj, opened_at, editing_user_pk, fields):
    saved_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html(
        gettext(
            "{saved} You both changed {fields}. Nothing was saved, and what you typed is still "
            'below. To keep their version there, open <a href="{url}" target="_blank">the saved '
            "version</a> in a new tab and copy your other changes across to it. To put yours "
            "there instead, save this page again: what you typed there replaces their version "
            "as a whole, and their changes to other fields stay."
        ),
        saved=saved_meanwhile(obj, opened_at, editing_user_pk),
        fields=fields,
        url=saved_url,
    )


def saved_meanwhile(obj, opened_at, editing_user_pk):
    """Who saved it since the page was opened, when and what, from the admin's history."""
    saves = format_html_join(
        "; ",
        "{} ({}: {})",
        (
            (
                saver_name(entry.user, editing_user_pk),
                zoned(entry.action_time),
                entry.get_change_message().rstrip("."),
            )
            for entry in saves_since(obj, opened_at)
        ),
    )
    if saves:
        return format_html(
            gettext("Since you opened this page, it was saved by {saves}."), saves=saves
        )
    # Changed by the site itself, e.g. a question answered through "Answer and publish as FAQ".
    return gettext("It was changed since you opened this page.")


def saves_since(obj, opened_at):
    try:
        since = parse_datetime(opened_at or "")
    except ValueError:
        since = None
    if since is None:
        return LogEntry.objects.none()
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            action_time__gt=since,
        )
        .select_related("user")
        .order_by("action_time")
    )


def saver_name(user, editing_user_pk):
    if user.pk == editing_user_pk:
        return gettext("you, in another tab or window")
    return user.get_full_name() or user.get_username()
