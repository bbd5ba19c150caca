"""The README is what operators copy from: its cron lines must run as written, and every
environment variable the code reads must be documented there."""

import os
import re
import subprocess
import sys
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
        # Cron ends the command at a "%" not written "\%" (and feeds the rest to its input).
        assert not re.search(r"(?<!\\)%", line), line
        if re.fullmatch(SCHEDULE + r"cd \S+ && .* && pg_dump .* --file=backups/.+\.dump \w+", line):
            continue  # PostgreSQL's backup (see test_backup.py for backup_db's commands)
        # Cron has no line continuation: a wrapped entry would run half a command.
        match = re.fullmatch(SCHEDULE + r"cd \S+ && .* manage\.py (\w+)( .*)?", line)
        assert match, line
        assert match[2] in get_commands(), line


def python_files():
    """Every Python file of the project, subpackages included (portal/search/, management
    commands, load/, tests/); not migrations, nor anything in a hidden folder such as .venv."""
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if "migrations" not in parts and not any(part.startswith(".") for part in parts):
            yield path


def test_every_environment_variable_the_code_reads_is_in_the_readme():
    read = set()
    for path in python_files():
        read |= set(
            re.findall(
                r'(?:environ(?:\.get)?[(\[]|env_\w+\()\s*"([A-Z][A-Z0-9_]+)"', path.read_text()
            )
        )
    assert {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_LOG_LEVEL"} <= read
    read.discard("DJANGO_SETTINGS_MODULE")  # Django's own, not a portal setting
    read.discard("HOME")  # the system's, passed on to commands run in a child process
    missing = sorted(name for name in read if f"`{name}`" not in README)
    assert missing == []


def test_the_example_settings_file_loads_in_the_shell_as_written_and_passes_the_deploy_check(
    tmp_path,
):
    # The cron lines load it with sh: a value the shell misreads skips every scheduled command.
    [example] = [block for block in code_blocks("sh") if "/srv/portal/portal.env" in block]
    (tmp_path / "portal.env").write_text(example)
    show = "import os; print(os.environ['SITE_NAME']); print(os.environ['DEFAULT_FROM_EMAIL'])"
    script = (
        f"set -a && . {tmp_path / 'portal.env'} && set +a && "
        f'{sys.executable} -c "{show}" && '
        f"{sys.executable} manage.py check --deploy --fail-level WARNING"
    )
    result = subprocess.run(
        ["sh", "-c", script],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "CACHE_DIR": str(tmp_path / "cache")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    name, sender, *_ = result.stdout.splitlines()
    assert name == "Springfield Civic Explainers"
    assert sender == "Springfield Civic Explainers <explainers@civic.example.org>"
