import re

from django.contrib import admin, messages
from django.contrib.admin import actions
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import FieldDoesNotExist
from django.db import DataError, IntegrityError, router, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.text import smart_split
from django.utils.translation import gettext_lazy as _

from .dates import zoned
from .models import ZeroResultSearch

# Ids the database can hold (a 64-bit integer): a hand-edited selection can't make it fail.
ROW_ID = re.compile(r"[1-9][0-9]{0,17}")


def zoned_column(field, description):
    """The datetime `field` with its zone (portal.dates.zoned), where the admin's own display
    leaves it out: a list column, sortable by it, or a read-only field on a change page (as a
    staticmethod of the ModelAdmin)."""

    @admin.display(description=description, ordering=field)
    def column(obj):
        value = getattr(obj, field)
        return zoned(value) if value else None  # None: the admin's empty-value dash

    column.__name__ = f"{field}_zoned"
    return column


class RefusedDeletions:
    """ModelAdmin mixin for rows that mustn't be deleted as they are (a published piece, a
    topic with pieces, a staff account with admin history). Their delete page and the list's
    delete action say why and what to do instead; Django would answer a bare 403, or "your
    account doesn't have permission to delete"."""

    actions = ["delete_selected"]  # this class's, in place of the admin site's

    def deletion_refused(self, request, obj):
        """Why `obj` can't be deleted by this user now, or None."""
        return None

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.deletion_refused(request, obj) is None)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        # Only for those who could delete it otherwise: the reason may name what it holds.
        if obj is not None and super().has_delete_permission(request, obj):
            if reason := self.deletion_refused(request, obj):
                self.message_user(request, reason, messages.ERROR)
                opts = self.opts
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        # Checked again in there, on the row read inside the delete's transaction.
        return super().delete_view(request, object_id, extra_context)

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        refused = [reason for obj in queryset if (reason := self.deletion_refused(request, obj))]
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)
        if refused:
            return None  # the list again, nothing deleted
        return actions.delete_selected(self, request, queryset)


class PortalAdmin(RefusedDeletions, admin.ModelAdmin):
    """What every list in our admin shares: odd input gets the list back, never a server error.
    A paragraph pasted into the search box (SQLite refuses a query that deep), a date filter
    out of range in an edited address, a selection that isn't ids. And saves that can't
    interleave with another save or delete of the same row. And deletions refused with a
    reason (RefusedDeletions)."""

    max_search_words = 12

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        using = router.db_for_write(self.model)
        # Only a save or delete holds a transaction to lock in (a POST to the history page,
        # say, doesn't).
        if obj is None or request.method != "POST" or transaction.get_autocommit(using):
            return obj
        # A save or delete works on the row read again locked, inside the admin's transaction,
        # until it commits. On PostgreSQL, a save could otherwise write back a whole row read
        # before another change committed: undoing a moderator's "Remove name and email", or
        # bringing back a piece deleted meanwhile. SQLite's IMMEDIATE transactions take turns.
        locked = self.get_queryset(request).select_for_update(of=("self",))
        return locked.filter(pk=obj.pk).first()

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except IntegrityError:
            if request.method != "POST":
                raise
            # Another editor saved the same address between this form's checks and its save
            # (PostgreSQL lets two saves interleave). Checked again, the form shows that
            # address as taken, with everything typed still there, instead of a server error.
            return super().changeform_view(request, *args, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL refuses NUL in text (the list's search box and the pickers' lookups).
        words = list(smart_split(search_term.replace("\x00", "")))[: self.max_search_words]
        return super().get_search_results(request, queryset, " ".join(words))

    def get_changeform_initial_data(self, request):
        """Values given in the address (`?topics=1,2`) for a related field that aren't ids are
        left out: the form would fail to show them."""
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.is_relation:
                continue
            if isinstance(value, list):
                initial[name] = [item for item in value if ROW_ID.fullmatch(item)]
            elif not ROW_ID.fullmatch(value):
                del initial[name]
        return initial

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError, DataError) as exc:
            # The admin's own answer to a bad filter: the unfiltered list, flagged with ?e=1.
            self.message_user(
                request,
                _("A filter in the address couldn't be used, so the whole list is shown."),
                messages.WARNING,
            )
            raise IncorrectLookupParameters(exc) from exc

    def response_action(self, request, queryset, **kwargs):
        if not all(ROW_ID.fullmatch(value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
            self.message_user(
                request, _("The selection couldn't be read; select the rows again."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset, **kwargs)


@admin.register(ZeroResultSearch)
class ZeroResultSearchAdmin(PortalAdmin):
    """Read-only: what readers searched for and didn't find, for editors planning content."""

    list_display = ["query", "count", "last_seen"]
    search_fields = ["query"]
    date_hierarchy = "last_seen"
    ordering = ["-count", "query"]

    def get_queryset(self, request):
        # One reader's one search may be a person's name: only what was searched again shows.
        return super().get_queryset(request).repeated()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(RefusedDeletions, UserAdmin):
    def deletion_refused(self, request, obj):
        # Django deletes a user's admin history with them (LogEntry.user cascades): the record
        # of what they changed and deleted, and of the names and emails they removed at
        # readers' requests. Deactivating stops their sign-in and keeps it.
        if LogEntry.objects.filter(user=obj).exists():
            return _(
                "“%(user)s” has a history in the admin (what they changed and deleted, and the "
                "names and emails they removed at readers' requests), which deleting the account "
                "would delete too, so it wasn't deleted. To stop them signing in, untick "
                "“Active” and save."
            ) % {"user": obj}
        return None
