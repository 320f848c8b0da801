"""`make run`: Django's development server and, beside it, a worker that runs the
background jobs queued in PostgreSQL (`manage.py db_worker`, docs/scaling.md). One Ctrl-C
stops both, and so does either stopping. Both reload when the code changes.

    HOST=127.0.0.1 PORT=8000 python -m config.develop
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    address = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
    manage = [sys.executable, "manage.py"]
    # Ctrl-C must reach the children even when this was started with it ignored (in the
    # background of a script): a handler here is the default in them.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # The queue's hourly housekeeping is queued (and done once now) before the worker starts.
    subprocess.run([*manage, "tidy_queue"], cwd=ROOT, check=True)
    processes = [
        subprocess.Popen([*manage, "db_worker"], cwd=ROOT),
        subprocess.Popen([*manage, "runserver", address], cwd=ROOT),
    ]

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.terminate()

    # Ctrl-C reaches the children from the terminal, and each stops by itself (the worker
    # finishing its job first); a second signal from here would cut that job short.
    signal.signal(signal.SIGINT, lambda *_: None)
    signal.signal(signal.SIGTERM, stop)
    while all(process.poll() is None for process in processes):
        time.sleep(0.2)
    # One has stopped: the other is given a moment to stop by itself (the same Ctrl-C).
    grace_ends = time.monotonic() + 10
    while any(process.poll() is None for process in processes) and time.monotonic() < grace_ends:
        time.sleep(0.2)
    stop()
    for process in processes:
        process.wait(timeout=30)
    return next((process.returncode for process in processes if process.returncode > 0), 0)


if __name__ == "__main__":
    sys.exit(main())
