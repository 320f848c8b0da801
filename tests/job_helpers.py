"""Running the background-job worker inside a test (services.jobs, docs/scaling.md)."""

import signal

import pytest
from django.core.management import call_command

# Jobs are committed for real (the worker checks its connection as production does, which
# ends a test's enclosing transaction), and their progress is written on a connection of
# its own (the `progress` database alias).
JOBS_DB = pytest.mark.django_db(transaction=True, databases=["default", "progress"])


def run_worker() -> None:
    """The worker of `make run`, in this process: runs every job that is due, then stops."""
    numbers = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in numbers}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:  # the worker takes over Ctrl-C; pytest wants it back
        for number, handler in handlers.items():
            signal.signal(number, handler)
