"""A record, outside the database, of readers' details removed or deleted at their request,
and of questions whose text a moderator edited to take personal details out.

A restore from a backup made before a request brings the name and email (or the whole
question, or its earlier text) back, and an answer email still due would then go to someone who
asked to be forgotten. `manage.py reapply_erasures`, run after a restore, does each request
again from this record. It holds question ids, the time each question arrived (an id can be
given again once a restore rewinds the database's counter) and what was done; for an edit, a
hash of the text as edited, to tell it from the earlier one: nothing about the reader.
"""

import hashlib
import logging
import os

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

logger = logging.getLogger(__name__)

REMOVED, DELETED, EDITED = "removed", "deleted", "edited"


def text_hash(text):
    return hashlib.sha256(text.encode()).hexdigest()


def record(action, questions):
    """Add a line for each of these SubmittedQuestions; whether it was written. Never raises:
    the request itself must go ahead."""
    now = timezone.now().isoformat()
    lines = [f"{now} {action} {q.pk} {q.created_at.isoformat()}\n" for q in questions]
    return _append(lines)


def record_edit(question):
    """Add a line for a question whose text was just edited to take personal details out."""
    now = timezone.now().isoformat()
    created_at = question.created_at.isoformat()
    return _append([f"{now} {EDITED} {question.pk} {created_at} {text_hash(question.question)}\n"])


def _append(lines):
    if not lines:
        return True
    try:
        path = settings.ERASURE_LOG
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write("".join(lines))
    except OSError as exc:
        logger.error("erasure record not written (%s): %s", path, type(exc).__name__)
        return False
    return True


def _lines():
    """Each line of the record, split at spaces; none when there is no record."""
    try:
        text = settings.ERASURE_LOG.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line.split() for line in text.splitlines()]


def recorded():
    """{(id, created_at): action} from the record, a deletion winning over a removal; empty
    when there is no record. A line that can't be read is skipped."""
    actions = {}
    for parts in _lines():
        if len(parts) != 4 or parts[1] not in (REMOVED, DELETED) or not parts[2].isdigit():
            continue
        created_at = parse_datetime(parts[3])
        if created_at is not None:
            key = (int(parts[2]), created_at)
            actions[key] = DELETED if DELETED in (actions.get(key), parts[1]) else REMOVED
    return actions


def edited():
    """{(id, created_at): hash of the text as last edited} from the record."""
    hashes = {}
    for parts in _lines():
        if len(parts) != 5 or parts[1] != EDITED or not parts[2].isdigit():
            continue
        if (created_at := parse_datetime(parts[3])) is not None:
            hashes[(int(parts[2]), created_at)] = parts[4]
    return hashes
