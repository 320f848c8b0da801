"""The fault test (`make faulttest`): PostgreSQL restarted in the middle of a load run.

It serves a copy of the 10,000-review benchmark database with the production server
(as bench/loadtest.py does) and runs 16 students, each with their own token, studying
as the web page does: ask for the next card, review it with a new client_id, and on
any failure send the same review again (same client_id) until it is answered with a
2xx. A few seconds in, it restarts the machine's PostgreSQL cluster. Then it checks:

- the app recovered by itself: 2xx answers again after PostgreSQL is back, from the same
  gunicorn workers (none restarted);
- every review answered with a 2xx is in the database exactly once, and nothing else;
- every error answer was JSON with a `detail` (503 with Retry-After while the database was
  away), never an HTML page or a traceback.

It restarts the shared PostgreSQL for a few seconds: other test runs on the machine may
fail at that moment. Exit status 0 when every check holds.
"""

import argparse
import http.client
import itertools
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
from loadtest import RESULTS, SIZES, Server
from seed import BENCH_USERS, bench_token, database_url, ensure_seeded, recreate_database

TEMPLATE, WORKING = "quizzes_bench_10k_seed", "quizzes_bench_faults"
CLUSTER_VERSION = next(Path("/etc/postgresql").iterdir()).name if Path("/etc/postgresql").exists() else "15"


def cluster_command(cluster: str, action: str) -> list[str]:
    return ["pg_ctlcluster", "--skip-systemctl-redirect", CLUSTER_VERSION, cluster, action]


def restart(cluster: str, *, down: float) -> None:
    """Restarts the cluster; with `down`, stops it, waits that long, and starts it."""
    if not down:
        subprocess.run(cluster_command(cluster, "restart"), check=True)
        return
    subprocess.run(cluster_command(cluster, "stop"), check=True)
    time.sleep(down)
    subprocess.run(cluster_command(cluster, "start"), check=True)


@dataclass
class Log:
    """What the clients saw, shared between their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    acknowledged: dict = field(default_factory=dict)  # client_id -> review id of its 2xx answer
    bad_bodies: list = field(default_factory=list)  # error answers that were not clean JSON
    connection_errors: int = 0
    retried: int = 0  # reviews sent again (same client_id) after an error or no answer
    first_error_at: float = 0.0
    last_error_at: float = 0.0
    ok_times: list = field(default_factory=list)


def clean_error_body(status: int, headers, body: bytes) -> str | None:
    """Why an error answer is not clean JSON, or None if it is."""
    text = body.decode("utf-8", "replace")
    if "Traceback" in text or 'File "' in text:
        return "a traceback"
    if not headers.get("Content-Type", "").startswith("application/json"):
        return f"Content-Type {headers.get('Content-Type')!r}"
    try:
        detail = json.loads(text)
    except ValueError:
        return "not JSON"
    if status == 503 and not headers.get("Retry-After"):
        return "a 503 without Retry-After"
    return None if isinstance(detail, dict) and detail else "an empty JSON body"


class Student(threading.Thread):
    """One user studying in a loop; a review is sent again, unchanged, until it gets a 2xx."""

    def __init__(self, *, number: int, user: "BenchUser", port: int, log: Log, stop: threading.Event):
        super().__init__(daemon=True)
        self.number, self.token, self.set_id, self.port, self.log, self.stop = (
            number, user.token, user.set_id, port, log, stop,
        )  # fmt: skip
        self.own_cards = itertools.cycle(user.card_ids)
        self.sent = 0

    def call(self, method: str, path: str, body: dict | None = None):
        """(status, headers, body), or None when no HTTP answer came at all."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            answer = (response.status, response.headers, response.read())
        except (OSError, http.client.HTTPException):
            with self.log.lock:
                self.log.connection_errors += 1
                self.log.first_error_at = self.log.first_error_at or time.monotonic()
                self.log.last_error_at = time.monotonic()
            return None
        finally:
            connection.close()
        status, response_headers, response_body = answer
        with self.log.lock:
            self.log.statuses[(method, status)] += 1
            if status >= 400:
                self.log.first_error_at = self.log.first_error_at or time.monotonic()
                self.log.last_error_at = time.monotonic()
                problem = clean_error_body(status, response_headers, response_body)
                if problem:
                    self.log.bad_bodies.append((status, problem, response_body[:300]))
            else:
                self.log.ok_times.append(time.monotonic())
        return answer

    def until_answered(self, method: str, path: str, body: dict | None = None):
        while True:
            answer = self.call(method, path, body)
            if answer and answer[0] < 300:
                return json.loads(answer[2])
            if answer and 400 <= answer[0] < 500:
                raise SystemExit(f"{method} {path} {body} got {answer[0]}: {answer[2][:300]!r}")
            if method == "POST":
                with self.log.lock:
                    self.log.retried += 1
            time.sleep(0.2)  # a client backs off a little before trying again

    def run(self) -> None:
        while not self.stop.is_set():
            upcoming = self.until_answered("GET", f"/api/study/next/?set={self.set_id}")
            # Nothing due: review one of their cards anyway (as a cram), so reviews stay in flight.
            card = upcoming["card"]["id"] if upcoming["card"] else next(self.own_cards)
            self.sent += 1
            client_id = f"fault-{self.number}-{self.sent}"
            review = {"card": card, "rating": 3, "client_id": client_id}
            answered = self.until_answered("POST", "/api/study/reviews/", review)
            with self.log.lock:
                self.log.acknowledged[client_id] = answered["review"]["id"]


@dataclass
class BenchUser:
    token: str
    set_id: int
    card_ids: list[int]


def bench_users(url: str) -> list[BenchUser]:
    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id, min(c.question_set_id), array_agg(c.id ORDER BY c.id) "
            "FROM accounts_user u JOIN quizzes_card c ON c.user_id = u.id "
            "WHERE u.username LIKE 'bench%%' GROUP BY u.id, u.username ORDER BY u.username LIMIT %s",
            [BENCH_USERS],
        )
        users = [
            BenchUser(bench_token(user_id), set_id, cards) for user_id, set_id, cards in cursor.fetchall()
        ]
    connection.close()
    return users


def reviews_in_database(url: str) -> dict[str, list[int]]:
    """client_id -> review ids, for the reviews this test sent."""
    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_id, id FROM quizzes_review WHERE client_id LIKE 'fault-%%'")
        rows = cursor.fetchall()
    connection.close()
    stored: dict[str, list[int]] = {}
    for client_id, review_id in rows:
        stored.setdefault(client_id, []).append(review_id)
    return stored


def worker_pids(server: Server) -> set[int]:
    result = subprocess.run(["pgrep", "-P", str(server.process.pid)], capture_output=True, text=True)
    return {int(pid) for pid in result.stdout.split()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=float, default=4, help="seconds of load before the restart")
    parser.add_argument("--after", type=float, default=8, help="seconds of load after PostgreSQL is back")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument(
        "--down", type=float, default=0, help="stop PostgreSQL this many seconds instead of a restart"
    )
    parser.add_argument(
        "--cluster",
        default="main",
        help="the PostgreSQL cluster to restart (with BENCH_POSTGRES_URL pointing at it, if not main)",
    )
    options = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    users, reviews = SIZES["10k"]
    ensure_seeded(TEMPLATE, users=users, reviews=reviews)
    recreate_database(WORKING, template=TEMPLATE)
    url = database_url(WORKING)
    server = Server(url=url, port=options.port, workers=None, threads=None, log=RESULTS / "server_faults.log")
    log, stop = Log(), threading.Event()
    students = [
        Student(number=number, user=user, port=options.port, log=log, stop=stop)
        for number, user in enumerate(bench_users(url), start=1)
    ]
    try:
        workers_before = worker_pids(server)
        for student in students:
            student.start()
        time.sleep(options.before)
        how = f"down for {options.down} s" if options.down else "restart"
        print(f"{sum(log.statuses.values())} answers so far; PostgreSQL cluster {options.cluster}: {how}")
        restart_started = time.monotonic()
        restart(options.cluster, down=options.down)
        back_at = time.monotonic()
        print(
            f"PostgreSQL was restarted in {back_at - restart_started:.1f} s; load goes on {options.after} s"
        )
        time.sleep(options.after)
        stop.set()
        for student in students:
            student.join(timeout=60)
        workers_after = worker_pids(server)
    finally:
        stop.set()
        server.stop()

    stored = reviews_in_database(url)
    doubled = {client_id: ids for client_id, ids in stored.items() if len(ids) > 1}
    missing = [client_id for client_id in log.acknowledged if client_id not in stored]
    unacknowledged = [client_id for client_id in stored if client_id not in log.acknowledged]
    wrong_id = [
        cid for cid, review_id in log.acknowledged.items() if stored.get(cid, [review_id])[0] != review_id
    ]
    recovered_after = min((t for t in log.ok_times if t > log.last_error_at), default=None)
    checks = {
        "2xx answers again after the restart": recovered_after is not None,
        "the same gunicorn workers throughout (no app restart)": workers_before == workers_after,
        "every review answered 2xx is stored": not missing,
        "no review stored twice": not doubled,
        "no review stored that was not answered": not unacknowledged,
        "each 2xx names the stored review": not wrong_id,
        "every error answer is clean JSON (503s with Retry-After)": not log.bad_bodies,
        "no 500": not any(status == 500 for _, status in log.statuses),
    }
    for method in ("GET", "POST"):
        counted = {status: n for (verb, status), n in sorted(log.statuses.items()) if verb == method}
        print(f"{method} answers by status: {counted}")
    print(f"connections refused or broken: {log.connection_errors}")
    print(f"reviews answered with a 2xx: {len(log.acknowledged)}; stored: {len(stored)}")
    print(f"reviews sent again after an error: {log.retried}")
    if log.first_error_at:
        print(
            f"error answers from {log.first_error_at - restart_started:.2f} s to "
            f"{log.last_error_at - restart_started:.2f} s after the restart began "
            f"(pg_ctlcluster returned after {back_at - restart_started:.2f} s)"
        )
    if recovered_after is not None:
        print(f"2xx answers again {recovered_after - log.last_error_at:.2f} s after the last error")
    for status, problem, body in log.bad_bodies[:5]:
        print(f"  bad error answer: {status} {problem}: {body!r}")
    for name, held in checks.items():
        print(f"{'ok  ' if held else 'FAIL'} {name}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
