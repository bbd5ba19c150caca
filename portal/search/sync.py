"""Keep the index in step with content, one document at a time, with no cron job.

The index lives in the same database, so each change updates its row inside the same
transaction as the edit: a rollback undoes both, and no commit can leave the index behind (the
gap that on_commit hooks for external search engines have to accept). Scheduled items need
nothing here: the publish time is checked when searching.
"""

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import index_object, refresh, remove_object
from .documents import installed_kinds


def _saved(sender, instance, **kwargs):
    # Also for loaddata (raw): the row is read back from the database, and the topics that
    # loaddata sets afterwards send m2m_changed.
    index_object(instance)


def _deleted(sender, instance, **kwargs):
    remove_object(sender, instance.pk)


def _topics_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # Clearing from the topic's side: remember who loses it before the rows go.
        instance._search_pending = list(model.objects.filter(topics=instance))
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index_object(instance)
    elif action == "post_clear":
        for obj in getattr(instance, "_search_pending", []):
            index_object(obj)
    else:
        for obj in model.objects.filter(pk__in=pk_set or []):
            index_object(obj)


def connect():
    for kind in installed_kinds():
        uid = f"portal.search.{kind.name}"
        post_save.connect(_saved, sender=kind.model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_deleted, sender=kind.model, dispatch_uid=f"{uid}.delete")
        through = kind.model._meta.get_field("topics").remote_field.through
        m2m_changed.connect(_topics_changed, sender=through, dispatch_uid=f"{uid}.topics")


def fill_empty_index(sender, using="default", **kwargs):
    """After `migrate`: index existing content if the index is empty (just created, or emptied
    by a migration for a new way of indexing). Batch by batch (refresh()), not in one bulk
    transaction: on a live site that upgrades, searches and saves on every app server would
    wait for the whole archive (PostgreSQL's TRUNCATE lock blocks even reads)."""
    if using != "default" or "search_document" not in connection.introspection.table_names():
        return  # another database, or migrated back to before the index existed
    with connection.cursor() as cursor:
        # Both backends keep one row per indexed item in search_document.
        cursor.execute("SELECT EXISTS (SELECT 1 FROM search_document)")
        if cursor.fetchone()[0]:
            return
    if any(kind.indexable().exists() for kind in installed_kinds()):
        refresh()
