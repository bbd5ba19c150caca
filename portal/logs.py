"""One log line per request error, without personal data (#6).

Django logs a failed request with its traceback. Exception messages and tracebacks can carry
what a reader typed (a question, an email address in a database error), so the line keeps only
what is needed to find the fault: method, path, status, exception type and the line of our
code it came from.

Django logs a suspicious request (a forged Host header, a path outside the media folder, an
oversized form) on a logger named after the exception, also with its traceback; bots send
these all day, so they get the same one line.
"""

import logging
import re
from pathlib import Path

from django.conf import settings

# The SuspiciousOperation subclasses Django answers with a 400 and logs on
# django.security.<name> (django.core.handlers.exception.response_for_exception).
SUSPICIOUS_REQUEST_LOGGERS = [
    f"django.security.{name}"
    for name in (
        "SuspiciousOperation",
        "DisallowedHost",
        "DisallowedRedirect",
        "SuspiciousFileOperation",
        "SuspiciousMultipartForm",
        "RequestDataTooBig",
        "TooManyFieldsSent",
        "TooManyFilesSent",
        "SuspiciousSession",
        "InvalidSessionKey",
        "DisallowedModelAdminLookup",
        "DisallowedModelAdminToField",
    )
]


# A decoded path can hold a newline (%0A): escaped, so a request can't write a line of its own.
# Unlike portal.params.CONTROL_CHARS (stripped from text), line breaks and tabs count here.
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text):
    return UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], str(text))


def raised_at(exc):
    """`file:line` of the innermost frame in our own code (or the innermost frame at all)."""
    base = Path(settings.BASE_DIR)
    ours = innermost = None
    tb = exc.__traceback__
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        innermost = f"{path.name}:{tb.tb_lineno}"
        if path.is_relative_to(base) and ".venv" not in path.parts:
            ours = f"{path.relative_to(base)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return ours or innermost


def is_outage(exc):
    # Imported here, not at the top: the settings import this module.
    from portal.cache import CacheUnavailable
    from portal.middleware import DATABASE_ERRORS

    return isinstance(exc, (*DATABASE_ERRORS, CacheUnavailable))


class RequestErrorFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None)
        status = getattr(record, "status_code", None) or "-"
        exc = record.exc_info[1] if record.exc_info else None
        parts = [
            printable(getattr(request, "method", "-")),
            printable(getattr(request, "path", "-")),
            str(status),
        ]
        if exc is not None:
            parts += [type(exc).__name__, f"at {raised_at(exc)}"]
            if is_outage(exc):
                # Tells a wrong password from a read-only file or a full pool. Database and
                # cache errors name servers and files, never what a reader sent.
                parts.append("- " + printable(str(exc).strip().split("\n")[0][:200]))
        record.msg = "request error " + " ".join(parts)
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class GunicornRequestFilter(logging.Filter):
    """gunicorn's own lines about a request it couldn't handle name the client and the request:
    "Invalid request from ip=<address>: <error quoting the request line>" and "Error handling
    request <method> <uri with its query string>". Keep the kind of error and the path only,
    like the rest of our logs."""

    INVALID = "Invalid request from ip="

    def filter(self, record):
        message = record.getMessage()
        if message.startswith(self.INVALID):
            error = message.partition(": ")[2]
            record.msg = "invalid request: " + error.split(":")[0].split("'")[0].strip()
            record.args = ()
        elif message.startswith("Error handling request") and record.args:
            *method, uri = record.args
            record.args = (*map(printable, method), printable(str(uri).partition("?")[0]))
        return True


class GunicornAccessFilter(logging.Filter):
    """gunicorn's access line (ACCESS_LOG=1) holds the decoded path, where it escapes only `"`:
    a path with %0A or terminal escape codes could write lines of its own or recolour an
    operator's terminal. Every value is escaped as in our own lines."""

    def filter(self, record):
        if isinstance(record.args, dict):
            # In place: gunicorn's own mapping also answers header lookups a format may use.
            for key, value in record.args.items():
                if isinstance(value, str):
                    record.args[key] = printable(value)
        return True
