"""Gunicorn settings for `make serve` (production serving), read from the environment.

WEB_WORKERS processes (default: one per core, plus one to use the time another waits on
the database) with WEB_THREADS threads each (default 1: plain sync workers). On two
cores shared with PostgreSQL these beat the usual 2 per core + 1 and threads: fewer
processes fight over the cores and their caches (docs/performance.md).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Load Django once and fork: workers start fast and share the imported code's memory.
preload_app = True
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = 20_000
max_requests_jitter = 2_000
# Errors to stderr; the access log (one line per request) only when asked for: it costs CPU under load.
errorlog = "-"
accesslog = "-" if os.environ.get("ACCESS_LOG", "0") == "1" else None
# No control socket: its default path is shared by every gunicorn of the user on the machine.
control_socket_disable = True
