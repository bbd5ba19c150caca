from django.contrib import admin

from .models import ZeroResultSearch


@admin.register(ZeroResultSearch)
class ZeroResultSearchAdmin(admin.ModelAdmin):
    """Read-only: what readers searched for and didn't find, for editors planning content."""

    list_display = ["query", "count", "last_seen"]
    search_fields = ["query"]
    date_hierarchy = "last_seen"
    ordering = ["-count", "query"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
