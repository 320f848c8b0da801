"""Seeds a large, realistic study database fast, for the load benchmark (`make loadtest`).

    python bench/seed.py --database quizzes_bench_1m --users 2000 --reviews 1000000

The database is dropped and made anew: migrated, with the bundled facts and their
generated questions, then users who have studied the bundled set, each with a token,
cards in every state with due dates spread as FSRS leaves them (overdue, due today,
due in weeks) and the review log behind them. Rows go in with COPY, secondary
indexes are built after the load and foreign keys are not re-checked row by row (the
rows are made consistent here), so a million review rows take about a minute, not an
hour. The first BENCH_USERS users (`bench01`…) have met every question of the set;
the load generator logs in as them. Random choices are seeded: the same arguments
give the same data.
"""

import argparse
import datetime as dt
import hashlib
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "fixtures" / "persian_constitutional_revolution.json"
BENCH_USERS = 16
BENCH_PASSWORD = "bench-password-1909"
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
TIME_ZONES = ["UTC", "Europe/Berlin", "Asia/Tehran", "Europe/Moscow", "America/New_York", "Asia/Kolkata"]
CHUNK_ROWS = 50_000
# Share of cards in each state once met: most are in review, a few are still being learnt.
STATE_WEIGHTS = {"new": 0.04, "learning": 0.04, "relearning": 0.03, "review": 0.89}
RATING_WEIGHTS = {1: 0.12, 2: 0.08, 3: 0.70, 4: 0.10}


def database_url(name: str) -> str:
    return urlsplit(SERVER_URL)._replace(path=f"/{name}").geturl()


def recreate_database(name: str, *, template: str | None = None) -> None:
    """Drops and creates `name` (optionally as a copy of `template`, which is fast)."""
    import psycopg2
    from psycopg2 import sql

    server = psycopg2.connect(SERVER_URL)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if template:
            cursor.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        else:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server.close()


def fingerprint(*, users: int, reviews: int) -> str:
    """What a seeded database was made from: this script, the migrations and the sizes.

    Stored as the database's comment, so a template made by older code is made anew."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for migration in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(migration.name.encode())
    digest.update(f"{users}/{reviews}".encode())
    return f"bench seed {digest.hexdigest()[:16]}"


def is_seeded(name: str, *, users: int, reviews: int) -> bool:
    """Whether `name` exists and was seeded by this code with these sizes."""
    import psycopg2

    server = psycopg2.connect(SERVER_URL)
    with server.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        )
        found = cursor.fetchone()
    server.close()
    return found is not None and found[0] == fingerprint(users=users, reviews=reviews)


def ensure_seeded(name: str, *, users: int, reviews: int, again: bool = False) -> None:
    """Seeds `name` (in a process of its own: Django is set up for one database) unless it is current."""
    if again or not is_seeded(name, users=users, reviews=reviews):
        command = [
            sys.executable,
            __file__,
            "--database",
            name,
            "--users",
            str(users),
            "--reviews",
            str(reviews),
        ]
        subprocess.run(command, check=True)


def bench_token(user_id: int) -> str:
    """A seeded user's API token. Knox keeps only its digest, so the load and fault tests
    derive each user's token again from their id."""
    return hashlib.sha256(f"bench-token-{user_id}".encode()).hexdigest()


def copy_value(value) -> str:
    """One field in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


class CopyWriter:
    """Buffers rows and sends them to a table with COPY in chunks, showing progress.

    Writers that fill at the same time share one progress line (`shown_with` another)."""

    def __init__(self, cursor, table: str, columns: list[str], *, total: int, shown_with=None):
        self.cursor, self.table, self.columns, self.total = cursor, table, columns, total
        self.buffer = io.StringIO()
        self.pending = 0
        self.written = 0
        self.line = shown_with.line if shown_with else []
        self.line.append(self)

    def add(self, *values) -> None:
        self.buffer.write("\t".join(copy_value(value) for value in values))
        self.buffer.write("\n")
        self.pending += 1
        if self.pending >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        self.buffer.seek(0)
        self.cursor.copy_expert(
            f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN WITH (FORMAT text)", self.buffer
        )
        self.written += self.pending
        self.buffer, self.pending = io.StringIO(), 0
        done = all(writer.written >= writer.total for writer in self.line)
        shown = " · ".join(f"{w.table} {w.written:,}/{w.total:,}" for w in self.line)
        print(f"\r  {shown}", end="\n" if done else "", flush=True)


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's indexes that back no constraint."""
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        """,
        [table],
    )
    return cursor.fetchall()


def review_state_card(rng: random.Random, created_at: dt.datetime, now: dt.datetime):
    """Stability, difficulty, last review and due of a card in review, as FSRS leaves them."""
    stability = min(rng.lognormvariate(2.3, 1.0), 365.0)  # median about 10 days
    difficulty = rng.uniform(1.0, 10.0)
    # Last reviewed 0.05 to 1.3 intervals ago: about a quarter of review cards are due.
    since = dt.timedelta(days=stability * rng.uniform(0.05, 1.3))
    last_review = max(now - since, created_at + dt.timedelta(hours=1))
    due = last_review + dt.timedelta(days=stability * rng.uniform(0.95, 1.05))
    return stability, difficulty, last_review, due


def make_card(rng: random.Random, now: dt.datetime):
    """(state, step, stability, difficulty, due, last_review, created_at) of one met card."""
    created_at = now - dt.timedelta(days=rng.uniform(1, 180))
    state = rng.choices(list(STATE_WEIGHTS), weights=list(STATE_WEIGHTS.values()))[0]
    if state == "new":
        return state, None, None, None, created_at, None, created_at
    if state == "review":
        stability, difficulty, last_review, due = review_state_card(rng, created_at, now)
        return state, None, stability, difficulty, due, last_review, created_at
    last_review = now - dt.timedelta(minutes=rng.uniform(1, 180))
    step = rng.choice([0, 1]) if state == "learning" else 0
    due = last_review + dt.timedelta(minutes=10)
    return state, step, rng.uniform(0.3, 3.0), rng.uniform(3.0, 9.0), due, last_review, created_at


def review_counts(rng: random.Random, reviewed_cards: int, total_reviews: int) -> list[int]:
    """How many reviews each reviewed card has: at least one, the rest spread unevenly."""
    if total_reviews < reviewed_cards:
        raise SystemExit(f"{total_reviews:,} reviews cannot cover {reviewed_cards:,} reviewed cards.")
    weights = [rng.expovariate(1.0) for _ in range(reviewed_cards)]
    scale = (total_reviews - reviewed_cards) / sum(weights)
    counts = [1 + int(weight * scale) for weight in weights]
    shortfall = total_reviews - sum(counts)
    for index in rng.sample(range(reviewed_cards), shortfall):
        counts[index] += 1
    return counts


def seed(name: str, *, users: int, reviews: int, seed_value: int = 1908) -> None:
    started = time.monotonic()
    print(f"Seeding {name}: {users:,} users, {reviews:,} review log rows")
    recreate_database(name)
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection
    from knox.crypto import hash_token
    from knox.settings import CONSTANTS

    call_command("migrate", verbosity=0)
    call_command("load_facts", str(FIXTURE), verbosity=0, stdout=io.StringIO())
    call_command("generate_questions", verbosity=0, stdout=io.StringIO())
    print(f"  schema, facts and questions in {time.monotonic() - started:.0f} s")

    rng = random.Random(seed_value)
    now = dt.datetime.now(dt.UTC)
    with connection.cursor() as django_cursor:
        django_cursor.execute(
            "SELECT q.id, q.question_set_id, q.answer::text FROM quizzes_question q "
            "JOIN quizzes_questionset s ON s.id = q.question_set_id "
            "JOIN quizzes_source f ON f.id = s.source_id "
            "WHERE f.slug = 'persian-constitutional-revolution' ORDER BY q.id"
        )
        questions = django_cursor.fetchall()
    cursor = connection.connection.cursor()  # psycopg2's own, for copy_expert
    cursor.execute("SET session_replication_role = replica")  # no per-row foreign-key triggers

    password = make_password(BENCH_PASSWORD)
    user_writer = CopyWriter(
        cursor,
        "accounts_user",
        [
            "id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
            "is_active", "date_joined", "role", "desired_retention", "new_cards_per_day", "time_zone",
            "nickname", "show_on_leaderboards",
        ],
        total=users,
    )  # fmt: skip
    token_writer = CopyWriter(
        cursor,
        "knox_authtoken",
        ["digest", "token_key", "created", "user_id", "expiry"],
        total=users,
        shown_with=user_writer,
    )
    cards_per_user = []
    for user_id in range(1, users + 1):
        # Each user from a generator of their own: the bench users are the same at every size.
        user_rng = random.Random(f"{seed_value}-user-{user_id}")
        username = f"bench{user_id:02d}" if user_id <= BENCH_USERS else f"student{user_id:05d}"
        joined = now - dt.timedelta(days=user_rng.uniform(181, 400))
        user_writer.add(
            user_id, password, False, username, "", "", "", False, True, joined, "student",
            user_rng.choice([0.85, 0.9, 0.9, 0.9, 0.95]), 20, user_rng.choice(TIME_ZONES),
            f"Student {user_id}", True,  # on the leaderboards, as a student who chose a nickname
        )  # fmt: skip
        token = bench_token(user_id)
        token_writer.add(hash_token(token), token[: CONSTANTS.TOKEN_KEY_LENGTH], joined, user_id, None)
        met = len(questions) if user_id <= BENCH_USERS else user_rng.randint(30, len(questions))
        cards_per_user.append(met)
    user_writer.flush()
    token_writer.flush()

    card_writer = CopyWriter(
        cursor,
        "quizzes_card",
        [
            "id", "user_id", "question_id", "question_set_id", "state", "step", "stability", "difficulty",
            "due", "last_review", "reps", "right_reps", "lapses", "created_at",
        ],
        total=sum(cards_per_user),
    )  # fmt: skip
    # (card_id, user_id, question, state, step, stability, difficulty, due, last_review, created_at)
    cards = []
    card_id = 0
    for user_id, count in enumerate(cards_per_user, start=1):
        user_rng = random.Random(f"{seed_value}-cards-{user_id}")
        for question in user_rng.sample(questions, count):
            card_id += 1
            cards.append((card_id, user_id, question, *make_card(user_rng, now)))
    reviewed = [card for card in cards if card[3] != "new"]
    counts = dict(
        zip((card[0] for card in reviewed), review_counts(rng, len(reviewed), reviews), strict=True)
    )

    review_writer = CopyWriter(
        cursor,
        "quizzes_review",
        [
            "id", "user_id", "card_id", "question_set_id", "rating", "answer", "correct", "duration_ms",
            "reviewed_at", "state_before", "due_before", "state_after", "due_after", "stability_after",
            "difficulty_after", "points", "client_id",
        ],
        total=reviews,
        shown_with=card_writer,
    )  # fmt: skip
    indexes = secondary_indexes(cursor, "quizzes_review") + secondary_indexes(cursor, "quizzes_card")
    for index_name, _ in indexes:
        cursor.execute(f'DROP INDEX "{index_name}"')
    review_id = 0
    ratings, rating_weights = list(RATING_WEIGHTS), list(RATING_WEIGHTS.values())
    for card_id, user_id, question, state, step, stability, difficulty, due, last_review, created_at in cards:
        question_id, set_id, answer = question
        count = counts.get(card_id, 0)
        lapses = right = 0
        if count:
            span = (last_review - created_at).total_seconds()
            times = sorted(created_at + dt.timedelta(seconds=rng.uniform(0, span)) for _ in range(count - 1))
            times.append(last_review)
            state_before = "new"
            for number, reviewed_at in enumerate(times):
                review_id += 1
                last = number == count - 1
                rating = rng.choices(ratings, weights=rating_weights)[0]
                correct = rating != 1
                state_after = state if last else ("relearning" if rating == 1 and number else "review")
                if rating == 1 and state_before == "review":
                    lapses += 1
                right += correct
                review_writer.add(
                    review_id, user_id, card_id, set_id, rating,
                    None if rng.random() < 0.4 else (answer if correct else '"a wrong answer"'),
                    correct, rng.randint(1500, 25000), reviewed_at, state_before, reviewed_at, state_after,
                    due if last else times[number + 1], stability, difficulty,
                    10 + rng.randint(0, 20) if correct else 0, f"seed-{review_id}",
                )  # fmt: skip
                state_before = state_after
        card_writer.add(
            card_id, user_id, question_id, set_id, state, step, stability, difficulty, due, last_review,
            count, right, lapses, created_at,
        )  # fmt: skip
    card_writer.flush()
    review_writer.flush()
    print(f"  rows in {time.monotonic() - started:.0f} s; building {len(indexes)} indexes…", flush=True)
    for _, definition in indexes:
        cursor.execute(definition)
    cursor.execute("SET session_replication_role = DEFAULT")
    for table in ("accounts_user", "quizzes_card", "quizzes_review"):
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    cursor.execute("VACUUM ANALYZE")  # fresh statistics and visibility map, as a live database has
    comment = fingerprint(users=users, reviews=reviews).replace("'", "")
    cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{comment}'")
    print(f"Seeded {name} in {time.monotonic() - started:.0f} s.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="database to (re)create on the local server")
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    options = parser.parse_args()
    if options.users < BENCH_USERS:
        parser.error(f"--users must be at least {BENCH_USERS} (the load generator's clients).")
    seed(options.database, users=options.users, reviews=options.reviews)


if __name__ == "__main__":
    main()
