"""Finds a database to run on before Django starts: `python -m config.database`.

Prints the DATABASE_URL to use on stdout and explains itself on stderr. With
DATABASE_URL set, it must answer (the database is created if missing); unset, the
local PostgreSQL is used, or else an SQLite file so a newcomer can still try the app.
Exit status 1 with a clear message, never a traceback, when nothing works.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/quizzes"
SQLITE_URL = f"sqlite:///{Path(__file__).resolve().parent.parent / 'db.sqlite3'}"


def say(message: str) -> None:
    print(message, file=sys.stderr)


def ensure_postgres(url: str) -> str | None:
    """Connect (creating the database if missing); None if it works, else the reason."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    try:
        psycopg2.connect(url, connect_timeout=3).close()
        return None
    except psycopg2.OperationalError as problem:
        reason = str(problem).strip().splitlines()[0] if str(problem).strip() else "no answer"
        if f'database "{name}" does not exist' not in reason:  # a missing role is no missing database
            return reason
    try:
        maintenance = psycopg2.connect(parts._replace(path="/postgres").geturl(), connect_timeout=3)
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        maintenance.close()
        say(f"Created database {name}.")
        return None
    except psycopg2.Error as problem:
        return f"database {name} is missing and could not be created: {str(problem).strip()}"


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        if url.startswith("sqlite"):
            print(url)
            return 0
        problem = ensure_postgres(url)
        if problem:
            say(f"Cannot use DATABASE_URL={url}: {problem}")
            say("Check that PostgreSQL is running and the URL is right, or unset DATABASE_URL.")
            return 1
        print(url)
        return 0
    problem = ensure_postgres(DEFAULT_URL)
    if problem is None:
        say(f"Using PostgreSQL at {DEFAULT_URL}.")
        print(DEFAULT_URL)
        return 0
    say(f"No PostgreSQL answers at {DEFAULT_URL} ({problem}).")
    say(f"Falling back to an SQLite file for trying the app: {SQLITE_URL}")
    say("Set DATABASE_URL to use PostgreSQL (the tests always need it).")
    print(SQLITE_URL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
