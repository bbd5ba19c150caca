from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers them)
        from .search import sync

        sync.connect()
        post_migrate.connect(sync.fill_empty_index, sender=self)

        from . import cache

        # Content saved anywhere (admin, shell, management commands) invalidates cached pages.
        cache.connect_signals()
        post_migrate.connect(cache.migrated, sender=self)
