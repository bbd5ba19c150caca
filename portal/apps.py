from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import cache

        # Content saved anywhere (admin, shell, management commands) invalidates cached pages.
        cache.connect_signals()
