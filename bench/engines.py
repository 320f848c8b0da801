"""A real streaming standby and a real PgBouncer beside the local PostgreSQL, for the tests
(`pytest -m engines`) and the load test (`make loadtest LOADTEST_ARGS="--engines ..."`).

The standby is a second cluster made by `pg_basebackup -X stream -R` from the installed
PostgreSQL, on its own port and in a temporary data directory, replaying the primary's
WAL as it streams. PgBouncer is Debian's binary run as a child process with its own ini,
in transaction mode, in front of the primary. Both run as the `postgres` user (neither
will run as root), on free ports, and are torn down by `stop()` or at exit at the latest.

The one change made to the primary: a pg_hba.conf line letting 127.0.0.1 open replication
connections (trust, like the rest of this machine's local access), added once and reloaded.
"""

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PGBOUNCER = "/usr/sbin/pgbouncer"
PRIMARY_HOST, PRIMARY_PORT = "127.0.0.1", 5432
REPLICATION_RULE = "host replication all 127.0.0.1/32 trust  # streaming standbys (bench/engines.py)"
# A hot standby needs at least the primary's value of each of these.
AT_LEAST_THE_PRIMARYS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL and PgBouncer refuse to run as root: tests run as root here and in CI."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_owned_directory(prefix: str) -> Path:
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    return directory


def query(url: str, sql: str, params=()):
    """One statement on its own autocommit connection; its first row."""
    connection = psycopg2.connect(url, connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def url_for(port: int, database: str) -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{database}"


def wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except psycopg2.OperationalError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.05)


def allow_replication_connections(primary: str) -> None:
    """Adds the pg_hba.conf line for replication from 127.0.0.1 when missing, then reloads."""
    if replication_connection_works():
        return
    (hba_file,) = query(primary, "SHOW hba_file")
    with open(hba_file, "a") as hba:
        hba.write(f"\n{REPLICATION_RULE}\n")
    query(primary, "SELECT pg_reload_conf()")
    wait_until(replication_connection_works, timeout=10, what="replication connections allowed after reload")


def replication_connection_works() -> bool:
    probe = subprocess.run(
        [BIN / "psql", f"host={PRIMARY_HOST} port={PRIMARY_PORT} user=postgres replication=true",
         "-Atc", "IDENTIFY_SYSTEM"],
        capture_output=True, text=True,
    )  # fmt: skip
    return probe.returncode == 0


class Standby:
    """A hot standby streaming from the primary: `start()`, `pause_replay()`, `stop()`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = postgres_owned_directory("quizzes-standby-")
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.primary = url_for(PRIMARY_PORT, "postgres")
        self.running = False
        atexit.register(self.destroy)

    def url(self, database: str) -> str:
        return url_for(self.port, database)

    def create(self) -> "Standby":
        """Base backup of the primary (the WAL streamed alongside), configured as a standby, started."""
        allow_replication_connections(self.primary)
        self._run([BIN / "pg_basebackup", "-h", PRIMARY_HOST, "-p", str(PRIMARY_PORT), "-U", "postgres",
                   "-D", str(self.data), "-X", "stream", "-R", "--checkpoint=fast", "--no-sync"])  # fmt: skip
        settings = {name: query(self.primary, f"SHOW {name}")[0] for name in AT_LEAST_THE_PRIMARYS}
        (self.data / "postgresql.conf").write_text(
            "".join(f"{name} = {value}\n" for name, value in settings.items())
            + f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
            + f"unix_socket_directories = '{self.directory}'\nhot_standby = on\n"
            # A copy thrown away after the run: no fsync, a small cache.
            + "shared_buffers = 32MB\nfsync = off\nlogging_collector = off\n"
        )
        (self.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (self.data / "pg_ident.conf").write_text("")
        return self.start()

    def start(self) -> "Standby":
        self._run([BIN / "pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60"])
        self.running = True
        wait_until(self.in_recovery, timeout=30, what="the standby accepting read-only connections")
        return self

    def stop(self) -> None:
        """Stopped as a crash would stop it (`-m immediate`); the data directory stays for start()."""
        if self.running:
            self.running = False
            self._run([BIN / "pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w"])

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def in_recovery(self) -> bool:
        return query(self.url("postgres"), "SELECT pg_is_in_recovery()")[0]

    def catch_up(self, timeout: float = 30) -> None:
        """Waits until the standby has replayed everything the primary had written when called."""
        (target,) = query(self.primary, "SELECT pg_current_wal_lsn()")
        wait_until(
            lambda: query(self.url("postgres"), "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])[0],
            timeout=timeout,
            what="the standby replaying the primary's WAL",
        )

    def pause_replay(self) -> None:
        """WAL still arrives, but is not applied: the standby's data stays as it was."""
        query(self.url("postgres"), "SELECT pg_wal_replay_pause()")
        wait_until(
            lambda: query(self.url("postgres"), "SELECT pg_get_wal_replay_pause_state()")[0] == "paused",
            timeout=10,
            what="replay paused",
        )

    def resume_replay(self) -> None:
        query(self.url("postgres"), "SELECT pg_wal_replay_resume()")

    def _run(self, command: list) -> None:
        result = subprocess.run(as_postgres([str(part) for part in command]), capture_output=True, text=True)
        if result.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{command[0]} failed ({result.returncode}): {result.stderr}{log}")


class PgBouncer:
    """Debian's PgBouncer in transaction mode in front of the primary, any database by its name."""

    def __init__(self, *, pool_size: int = 10) -> None:
        self.port = free_port()
        self.directory = postgres_owned_directory("quizzes-pgbouncer-")
        self.log = self.directory / "pgbouncer.log"
        ini = self.directory / "pgbouncer.ini"
        ini.write_text(
            f"[databases]\n* = host={PRIMARY_HOST} port={PRIMARY_PORT}\n\n"
            f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {self.port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {self.directory / 'userlist.txt'}\nadmin_users = postgres\n"
            f"pool_mode = transaction\ndefault_pool_size = {pool_size}\nmax_client_conn = 1000\n"
            f"logfile = {self.log}\npidfile = {self.directory / 'pgbouncer.pid'}\n"
        )
        (self.directory / "userlist.txt").write_text('"postgres" ""\n')
        if os.geteuid() == 0:
            for path in self.directory.iterdir():
                shutil.chown(path, "postgres", "postgres")
        # `-u postgres`, not runuser: the signal that stops it then reaches PgBouncer itself.
        command = [PGBOUNCER, *(["-u", "postgres"] if os.geteuid() == 0 else []), str(ini)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        atexit.register(self.stop)
        wait_until(lambda: self.show("VERSION") is not None, timeout=15, what="PgBouncer answering")

    def url(self, database: str) -> str:
        return url_for(self.port, database)

    def show(self, what: str) -> list[dict]:
        """A SHOW of PgBouncer's admin console (SHOW POOLS, SHOW STATS, SHOW CONFIG), as dicts."""
        if self.process.poll() is not None:
            log = self.log.read_text()[-2000:]
            raise RuntimeError(f"PgBouncer exited with {self.process.returncode}: {log}")
        connection = psycopg2.connect(self.url("pgbouncer"), connect_timeout=5)
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SHOW {what}")
                names = [column.name for column in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.directory, ignore_errors=True)
