"""The set-up path a newcomer takes: the database check and production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(args, **env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_unreachable_database_gets_a_clear_message_not_a_traceback():
    result = run(["-m", "config.database"], DATABASE_URL="postgres://postgres@127.0.0.1:1/quizzes")

    assert result.returncode == 1
    assert "Cannot use DATABASE_URL=postgres://postgres@127.0.0.1:1/quizzes" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_management_command_on_an_unreachable_database_says_so_in_one_line():
    url = "postgres://postgres@127.0.0.1:1/quizzes"
    result = run(
        ["manage.py", "load_facts", "fixtures/persian_constitutional_revolution.json"], DATABASE_URL=url
    )

    assert result.returncode == 1
    assert f"Cannot use the database ({url}): connection to server" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_user_is_not_mistaken_for_a_missing_database():
    result = run(["-m", "config.database"], DATABASE_URL="postgres://no_such_role@127.0.0.1:5432/quizzes")

    assert result.returncode == 1
    assert 'role "no_such_role" does not exist' in result.stderr
    assert "could not be created" not in result.stderr and "Traceback" not in result.stderr


def test_a_reachable_database_url_is_passed_through():
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/quizzes")
    result = run(["-m", "config.database"], DATABASE_URL=url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == url


@pytest.mark.django_db
def test_production_settings_pass_check_deploy(settings):
    # Against the test database: the developer's own may hold `make run`'s admin/admin,
    # which the deploy check rightly refuses (tests/test_development_admin_in_production.py).
    database = settings.DATABASES["default"]
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="quiz.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_without_database_url_and_postgres_it_falls_back_to_sqlite_and_says_so(monkeypatch, capsys):
    from config import database

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(database, "DEFAULT_URL", "postgres://postgres@127.0.0.1:1/quizzes")

    assert database.main() == 0

    output = capsys.readouterr()
    assert output.out.strip() == database.SQLITE_URL
    assert "Falling back to an SQLite file" in output.err
