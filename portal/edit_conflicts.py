"""Two people editing the same thing in the admin: the later save must not silently undo the
earlier one. A change form remembers which saved version it shows, and saving it after
someone else has saved again is a form error that names who, when and what, and keeps what
was typed. Saving that form once more then replaces their version knowingly."""

from django import forms
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext


class Stamp(forms.CharField):
    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False)

    def has_changed(self, initial, data):
        return False  # bookkeeping, not an edit: the history never says "Changed opened at"


class EditConflictForm(forms.ModelForm):
    """For models with an auto_now `updated_at`, which every save moves on."""

    opened_version = Stamp()  # the updated_at of what the page shows
    opened_at = Stamp()  # when the page was opened: saves after it are someone else's

    editing_user_pk = None  # set by EditConflictAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.updated_at.isoformat()
            self.fields["opened_at"].initial = timezone.now().isoformat()

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        # No version: a page opened before this check existed. It saves as it always did.
        if self.instance.pk and opened:
            # The admin read the instance inside this save's transaction, locked on PostgreSQL
            # (PortalAdmin.get_object): it is the version saved now, and stays so until this
            # save commits.
            saved = self.instance.updated_at.isoformat()
            if saved != opened:
                message = conflict_message(
                    self.instance, cleaned_data.get("opened_at"), self.editing_user_pk
                )
                # The form shown again carries the version now saved, so saving it once more
                # is a deliberate choice to replace that version.
                self.data = self.data.copy()
                self.data[self.add_prefix("opened_version")] = saved
                self.data[self.add_prefix("opened_at")] = timezone.now().isoformat()
                raise forms.ValidationError(message, code="edit_conflict")
        return cleaned_data


class EditConflictAdmin:
    """ModelAdmin mixin: change forms refuse to overwrite a save made after they were opened."""

    form = EditConflictForm
    change_form_template = "admin/edit_conflicts/change_form.html"  # renders the stamps

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editing_user_pk = request.user.pk  # a class made for this request
        return form

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django's own answer, a redirect to the admin's home page, would drop what was typed.
        match = request.resolver_match
        if (
            request.method == "POST"
            and match
            and match.url_name == f"{opts.app_label}_{opts.model_name}_change"
        ):
            return self.deleted_while_editing(request, object_id)
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def deleted_while_editing(self, request, object_id):
        """The page for a save of something deleted since its page was opened: who deleted
        it, and every text typed into the form, to copy."""
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
                gettext("It was deleted while you were editing it, by {} ({})."),
                saver_name(deletion.user, request.user.pk),
                date_format(timezone.localtime(deletion.action_time), "DATETIME_FORMAT"),
            )
        typed = []  # (label, text, whether it needs a text area)
        for name, field in self.get_form(request).base_fields.items():
            text = request.POST.get(name, "")
            if isinstance(field, forms.CharField) and not field.widget.is_hidden and text.strip():
                typed.append((field.label or name, text, "\n" in text or len(text) > 100))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Not saved: it was deleted"),
            "message": what,
            "typed": typed,
            "can_add": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/edit_conflicts/deleted.html", context, status=409)


def conflict_message(obj, opened_at, editing_user_pk):
    saves = format_html_join(
        "; ",
        "{} ({}: {})",
        (
            (
                saver_name(entry.user, editing_user_pk),
                date_format(timezone.localtime(entry.action_time), "DATETIME_FORMAT"),
                entry.get_change_message().rstrip("."),
            )
            for entry in saves_since(obj, opened_at)
        ),
    )
    if saves:
        what = format_html(gettext("Since you opened this page, it was saved by {}."), saves)
    else:  # saved by the site itself, e.g. a question answered through "Answer and publish"
        what = gettext("It was changed since you opened this page.")
    saved_url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html(
        "{} {} {} {}",
        what,
        gettext("Nothing was saved, and what you typed is still below."),
        format_html(
            gettext(
                'To keep their changes, open <a href="{}" target="_blank">the saved version</a> '
                "in a new tab and copy yours across to it."
            ),
            saved_url,
        ),
        gettext("To replace their version with yours, save this page again."),
    )


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
