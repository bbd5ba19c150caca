"""Two connections at once, on PostgreSQL, stepped so each test runs the same way every time."""

import threading

import pytest
from django.db import connection

pg_only = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite takes turns: two writes can't interleave"
)


def until_another_waits_for_a_lock(got_through, timeout=5):
    """Return once another connection waits for a lock this one holds, or `got_through` is
    set (nothing made it wait)."""
    with connection.cursor() as cursor:
        for _ in range(timeout * 100):
            cursor.execute(
                "SELECT count(*) FROM pg_locks"
                " WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0] or got_through.wait(0.01):
                return


def in_thread(target):
    def run():
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread
