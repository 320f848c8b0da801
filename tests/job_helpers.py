"""The background worker, run by the job tests in their own process."""

import signal

from django.core.management import call_command


def run_worker() -> None:
    """The worker of `make run`, in this process: runs every job that is due, then stops."""
    numbers = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    handlers = {number: signal.getsignal(number) for number in numbers}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:  # the worker takes over Ctrl-C; pytest wants it back
        for number, handler in handlers.items():
            signal.signal(number, handler)
