"""Run Python in a separate process with its own settings, as a second server would."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_python(script: str, **environment: str) -> subprocess.CompletedProcess:
    """`script` runs with Django's settings module set and `environment` added; fails the test on error."""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


def current_database_url() -> str:
    """The URL of the database this test runs on (for a transactional test's second process)."""
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
