"""`make serve`: gunicorn behind nginx, the way production must run (docs/deployment.md).

gunicorn (config/gunicorn.py) listens on a Unix socket; nginx (config/nginx.conf,
Debian's package) listens on HOST:PORT and shields the workers from slow clients; a
background-job worker (`manage.py db_worker`, docs/scaling.md) runs the jobs queued in
PostgreSQL. All run in the foreground of this process, which stops them all when one stops
or on Ctrl-C.

    HOST=127.0.0.1 PORT=8000 python -m config.serve
"""

import getpass
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(*, prefix: Path, socket: Path, host: str, port: str) -> str:
    app_limit = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(10 * 1024 * 1024)))
    return (
        (ROOT / "config" / "nginx.conf")
        .read_text()
        .format(
            user=getpass.getuser(),
            prefix=prefix,
            socket=socket,
            host=host,
            port=port,
            max_body_bytes=app_limit + 1024 * 1024,
        )
    )


def main() -> int:
    prefix = Path(os.environ.get("SERVE_DIR", ROOT / ".serve")).resolve()
    prefix.mkdir(parents=True, exist_ok=True)
    socket = prefix / "gunicorn.sock"
    socket.unlink(missing_ok=True)
    (prefix / "nginx.conf").write_text(
        nginx_config(
            prefix=prefix,
            socket=socket,
            host=os.environ.get("HOST", "127.0.0.1"),
            port=os.environ.get("PORT", "8000"),
        )
    )
    app_env = {**os.environ, "BIND": f"unix:{socket}", "TRUSTED_PROXY_COUNT": "1"}
    # The queue's hourly housekeeping queued (and done once now) before anything starts: a
    # stop that came while it ran would leave no process behind.
    subprocess.run([sys.executable, "manage.py", "tidy_queue"], cwd=ROOT, env=app_env, check=True)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    app = subprocess.Popen([gunicorn, "--config", "config/gunicorn.py", "config.wsgi"], cwd=ROOT, env=app_env)
    while not socket.exists():
        if app.poll() is not None:
            return app.returncode
        time.sleep(0.1)
    proxy = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"])
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=ROOT, env=app_env)
    processes = (proxy, app, worker)

    def stop(*_):
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while all(process.poll() is None for process in processes):
        time.sleep(0.2)
    stop()
    for process in processes:
        process.wait(timeout=30)
    return app.returncode or proxy.returncode or worker.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
