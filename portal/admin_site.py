"""The admin site: Django's, with pickers that say which pieces readers can't see yet.

Installed as the default site (PortalAdminConfig, in INSTALLED_APPS in place of
django.contrib.admin), so every `admin.register` and `admin.site` is this one.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext


class AutocompleteSayingWhatIsPublished(AutocompleteJsonView):
    """A draft or scheduled piece is marked in the typed pickers: answering readers with an
    FAQ entry nobody can read yet (its askers are emailed only once it is published), or
    relating an explainer that isn't out, should be a choice made knowingly."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if getattr(obj, "is_published", True) is False:
            result["text"] = gettext("%(title)s (not published)") % {"title": result["text"]}
        return result


class PortalAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return AutocompleteSayingWhatIsPublished.as_view(admin_site=self)(request)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
