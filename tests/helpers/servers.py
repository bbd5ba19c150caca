"""Servers that are not there: a port that refuses connections, a database out of reach."""

import contextlib
import functools
import socket

from django.db import connection, connections

_refusing = []


@functools.cache
def closed_port():
    """A port that refuses connections for the whole run: bound, so nothing else can take it,
    but never listening. (A port closed again at once could be taken by another process.)"""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _refusing.append(sock)  # kept open until the test process ends
    return sock.getsockname()[1]


@contextlib.contextmanager
def database_at(**changes):
    """Point the default connection somewhere else for a while (a real connection attempt)."""
    real = connections["default"]
    moved = real.__class__({**real.settings_dict, **changes}, "default")
    connections["default"] = moved
    try:
        yield moved
    finally:
        moved.close()
        connections["default"] = real


def unreachable():
    if connection.vendor == "sqlite":
        return {"NAME": "/nonexistent-directory/portal.sqlite3"}
    return {"HOST": "127.0.0.1", "PORT": str(closed_port())}
