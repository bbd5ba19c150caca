"""manage.py backup_db: an online SQLite copy that opens and checks out; pg_dump guidance."""

import io
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.conftest import TRANSACTIONAL
from tests.factories import make_article
from tests.helpers.processes import run_manage

needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite backup; PostgreSQL prints pg_dump guidance"
)


def backup(**options):
    out = io.StringIO()
    call_command("backup_db", stdout=out, **options)
    return out.getvalue()


@needs_sqlite
@TRANSACTIONAL
def test_backup_is_a_complete_checked_copy(tmp_path):
    make_article(title="How recounts work", sources=2)
    target = tmp_path / "copy.sqlite3"
    output = backup(output=str(target))
    assert f"to {target}" in output
    assert not list(tmp_path.glob("*.partial"))
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        titles = copy.execute("SELECT title FROM articles_article").fetchall()
        sources = copy.execute("SELECT count(*) FROM articles_source").fetchone()[0]
    assert titles == [("How recounts work",)] and sources == 2
    assert target.stat().st_mode & 0o777 == 0o600  # askers' emails, password hashes


def test_a_database_without_tables_is_refused_not_backed_up(tmp_path):
    # What a cron line gets when DATABASE_URL is missing or wrong: an empty new file.
    result = run_manage(
        "backup_db",
        "--output",
        str(tmp_path / "copy.sqlite3"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'nothing-here.sqlite3'}",
    )
    assert result.returncode != 0
    assert "has no tables: is DATABASE_URL set as for the site?" in result.stderr
    assert not (tmp_path / "copy.sqlite3").exists()


@needs_sqlite
@pytest.mark.django_db
def test_dry_run_writes_nothing_and_existing_files_are_kept(tmp_path):
    target = tmp_path / "copy.sqlite3"
    assert "Would back up" in backup(output=str(target), dry_run=True)
    assert not target.exists()
    target.write_text("an older backup")
    with pytest.raises(CommandError, match="already exists"):
        backup(output=str(target))
    assert target.read_text() == "an older backup"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_postgres_gets_pg_dump_guidance_without_the_password():
    output = backup()
    assert "pg_dump" in output and "--format=custom" in output and "pg_restore" in output
    # Runs as printed in a fresh checkout, and the dump is readable by its owner only.
    assert "(umask 077 && mkdir -p backups && pg_dump " in output
    password = connection.settings_dict["PASSWORD"]
    assert f":{password}@" not in output and f"PGPASSWORD={password}" not in output
