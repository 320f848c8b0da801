#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, connection

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as problem:
        # A database that cannot be reached gets one clear line, not a traceback.
        try:
            connection.ensure_connection()
        except OperationalError:
            reason = (str(problem).strip().splitlines() or ["no answer"])[0]
            where = os.environ.get("DATABASE_URL") or "the default postgres://postgres@127.0.0.1:5432/quizzes"
            print(f"Cannot use the database ({where}): {reason}", file=sys.stderr)
            print("Check that PostgreSQL is running and DATABASE_URL is right.", file=sys.stderr)
            sys.exit(1)
        raise


if __name__ == "__main__":
    main()
