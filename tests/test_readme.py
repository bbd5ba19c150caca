"""The README is what operators copy from: its cron lines must run as written, and every
environment variable the code reads must be documented there."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
SCHEDULE = r"(\S+\s+){5}"  # minute hour day month weekday


def code_blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_each_cron_entry_is_one_line_that_names_a_real_command():
    entries = [
        line
        for block in code_blocks("cron")
        for line in block.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(entries) >= 3
    for line in entries:
        # Cron has no line continuation: a wrapped entry would run half a command.
        match = re.fullmatch(SCHEDULE + r"cd \S+ && .* manage\.py (\w+)( .*)?", line)
        assert match, line
        assert match[2] in get_commands(), line


def test_every_environment_variable_the_code_reads_is_in_the_readme():
    read = set()
    for path in [*ROOT.glob("portal/*.py"), *ROOT.glob("faq/*.py"), *ROOT.glob("articles/*.py")]:
        read |= set(
            re.findall(
                r'(?:environ(?:\.get)?[(\[]|env_\w+\()\s*"([A-Z][A-Z0-9_]+)"', path.read_text()
            )
        )
    assert {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_LOG_LEVEL"} <= read
    read.discard("DJANGO_SETTINGS_MODULE")  # Django's own, not a portal setting
    missing = sorted(name for name in read if f"`{name}`" not in README)
    assert missing == []
