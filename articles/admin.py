from django.contrib import admin
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from portal.admin import PortalAdmin

from .models import Article, Source, Topic


class PublishableAdmin(PortalAdmin):
    """What the article and FAQ entry admins share: the Markdown editor's upload messages and
    the published state, and "View on site" opening the staff preview until it is public."""

    class Media:
        css = {"all": ["css/admin-editor.css"]}  # an editor as wide as the form
        js = [
            "js/editor-messages.js",  # refused images, an unreachable site: markdownx shows neither
            "js/editor-keyboard.js",  # Tab leaves the editor instead of indenting
        ]

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

    @admin.display(boolean=True, description=_("Visible to readers"))
    def is_published_display(self, obj):
        return obj.is_published

    def view_on_site(self, obj):
        # Drafts and scheduled pieces open as a staff-only preview, with a banner saying which.
        return obj.get_absolute_url() if obj.is_published else obj.get_preview_url()


class SourceInline(admin.StackedInline):
    # Stacked, not tabular: the tabular inline's fields have only a column heading, no label.
    model = Source
    extra = 1
    fields = ["order", "title", "publisher", "url", "date"]


@admin.register(Topic)
class TopicAdmin(PortalAdmin):
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "status", "is_published_display", "published_at", "featured"]
    list_filter = ["status", "featured", "topics", "published_at"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["topics"]
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "topics", "byline"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "featured", "last_reviewed"]}),
    ]
