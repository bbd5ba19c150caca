"""Earlier versions of explainers and FAQ entries: kept at each save in the admin, shown under
"Versions" on the piece's page, with what changed, and put back in one step. A body pasted
over by mistake, or a correction erased, is then a click away rather than a database restore.

A version holds what readers read (Publishable.readable_content: the text fields, corrections,
an explainer's sources), not its status, address or dates. A save keeps the stored text first
when no version reads as it does (a piece from before versions were kept, or changed by a
script since). "Delete the earlier versions" keeps only the current one: an entry rewritten
without a reader's words must not keep them in its versions.
"""

import difflib

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import post_delete
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .dates import zoned
from .models import Revision

KEPT = 100  # versions per piece; the oldest go first
STORED_BEFORE = _("As stored before this save")
PUT_BACK_FROM = _("Put back from the version of %(when)s")
FORGOTTEN = _("Deleted the earlier versions")


def versions_of(piece):
    return Revision.objects.filter(**_about(piece))


def _about(piece):
    """The fields naming the piece a version is of."""
    kind = ContentType.objects.get_for_model(piece, for_concrete_model=False)
    return {"content_type": kind, "object_id": piece.pk}


def keep(piece, user=None, note=""):
    """Keep `piece` as it is now, unless its latest version already reads the same."""
    content = piece.readable_content()
    versions = versions_of(piece)
    latest = versions.first()
    if latest is not None and latest.content == content:
        return None
    revision = Revision.objects.create(**_about(piece), content=content, saved_by=user, note=note)
    stale = versions.values_list("pk", flat=True)[KEPT:]
    Revision.objects.filter(pk__in=list(stale)).delete()
    return revision


def keep_stored(piece):
    """Before a save or a put back: the piece's text as stored, unless its latest version
    reads the same (none was kept yet, or a script changed it since), so what is about to be
    replaced can be put back too."""
    if piece.pk is None:
        return
    stored = type(piece)._base_manager.filter(pk=piece.pk).first()
    if stored is None:
        return
    first = not versions_of(piece).exists()
    version = keep(stored, note=str(STORED_BEFORE))
    if version is not None and first:
        # Dated when that text was written, as far as we know, rather than now.
        version.saved_at = stored.content_updated_at or stored.updated_at
        version.save(update_fields=["saved_at"])


def forget_earlier(piece):
    """Delete every version but the current one: for a reader's words, or someone's details,
    an earlier version still holds after the piece was rewritten."""
    current = keep(piece) or versions_of(piece).first()
    return versions_of(piece).exclude(pk=current.pk).delete()[0]


def forget_versions(sender, instance, **kwargs):
    # Deleting is for what must go for good (an unpublished piece stays, with its versions).
    versions_of(instance).delete()


def connect(*models):
    for model in models:
        post_delete.connect(forget_versions, sender=model)


def label(model, name):
    if name == "sources":
        return model._meta.get_field("sources").related_model._meta.verbose_name_plural
    return model._meta.get_field(name).verbose_name


def as_text(name, value):
    """A field's value as lines to read and compare: sources one per line."""
    if name != "sources":
        return (value or "").splitlines()
    return [
        " · ".join(part for part in (s["title"], s["publisher"], s["url"], s["date"]) if part)
        for s in value or []
    ]


def changed_fields(model, names, before, after):
    """The labels of `names` (in the form's order: PostgreSQL's JSON keeps its own) whose value
    differs between the two versions."""
    return [label(model, name) for name in names if before.get(name) != after.get(name)]


def line_changes(old, new):
    """The lines of `new` against `old`, each as (kind, text): "same", "removed" or "added".
    Whole lines: difflib.ndiff's comparison within lines took over a minute on a rewritten
    400-paragraph body."""
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            changes += [("same", line) for line in old[i1:i2]]
            continue
        changes += [("removed", line) for line in old[i1:i2]]
        changes += [("added", line) for line in new[j1:j2]]
    return changes


class KeptVersions:
    """ModelAdmin mixin for Publishable models: keeps a version at each save, and adds the
    "Versions" pages (a link in the change form's tools)."""

    change_form_template = "admin/revisions/change_form.html"

    def save_model(self, request, obj, form, change):
        if change:
            keep_stored(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # an explainer's sources
        keep(form.instance, request.user)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/versions/",
                wrap(self.versions_view),
                name="{}_{}_versions".format(*info),
            ),
            path(
                "<path:object_id>/versions/<int:version_id>/",
                wrap(self.version_view),
                name="{}_{}_version".format(*info),
            ),
            *super().get_urls(),
        ]

    def _piece(self, request, object_id):
        piece = self.get_object(request, unquote(object_id))
        if piece is None:
            raise Http404
        if not self.has_view_or_change_permission(request, piece):
            raise PermissionDenied
        return piece

    def _context(self, request, piece, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": piece,
            "title": gettext("Versions of “%(name)s”") % {"name": piece},
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[piece.pk]
            ),
            **extra,
        }

    def versions_view(self, request, object_id):
        if request.method == "POST":
            return self._forget(request, object_id)
        piece = self._piece(request, object_id)
        versions = list(versions_of(piece).select_related("saved_by"))
        current = piece.readable_content()
        names = list(current)
        rows = []
        for version, older in zip(versions, [*versions[1:], None], strict=True):
            rows.append(
                {
                    "version": version,
                    # The oldest kept has nothing to be compared with.
                    "changed": changed_fields(self.model, names, older.content, version.content)
                    if older
                    else [],
                    "current": version.content == current,
                }
            )
        context = self._context(
            request, piece, rows=rows, can_forget=self.has_change_permission(request, piece)
        )
        return TemplateResponse(request, "admin/revisions/versions.html", context)

    def _forget(self, request, object_id):
        with transaction.atomic():  # the piece's row locked (PortalAdmin.get_object)
            piece = self._piece(request, object_id)
            if not self.has_change_permission(request, piece):
                raise PermissionDenied
            forgotten = forget_earlier(piece)
            # Said without any of their words: the history is kept for good.
            self.log_change(request, piece, [{"changed": {"fields": [str(FORGOTTEN)]}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d earlier version was deleted; only the current one is kept.",
                "%(count)d earlier versions were deleted; only the current one is kept.",
                forgotten,
            )
            % {"count": forgotten},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def version_view(self, request, object_id, version_id):
        if request.method == "POST":
            with transaction.atomic():
                # Read again locked (PortalAdmin.get_object) and saved whole: a status or
                # address changed meanwhile by another editor stays as they left it.
                piece = self._piece(request, object_id)
                version = get_object_or_404(versions_of(piece), pk=version_id)
                return self._put_back(request, piece, version)
        piece = self._piece(request, object_id)
        version = get_object_or_404(versions_of(piece), pk=version_id)
        current = piece.readable_content()
        fields = []
        for name, now in current.items():
            then = version.content.get(name, [] if name == "sources" else "")
            fields.append(
                {
                    "label": label(self.model, name),
                    "changes": line_changes(as_text(name, now), as_text(name, then)),
                    "same": now == then,
                }
            )
        context = self._context(
            request,
            piece,
            version=version,
            fields=fields,
            current=version.content == current,
            can_put_back=self.has_change_permission(request, piece),
        )
        return TemplateResponse(request, "admin/revisions/version.html", context)

    def _put_back(self, request, piece, version):
        if not self.has_change_permission(request, piece):
            raise PermissionDenied
        when = zoned(version.saved_at)
        note = PUT_BACK_FROM % {"when": when}
        keep_stored(piece)
        piece.put_back(version.content)
        keep(piece, request.user, note)
        self.log_change(request, piece, [{"changed": {"fields": [str(note)]}}])
        self.message_user(
            request,
            gettext("The version of %(when)s is back. Readers of a published piece see it now.")
            % {"when": when},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[piece.pk])
        )
