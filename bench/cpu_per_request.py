"""CPU per request of the two study endpoints, in-process (Django's test client, no server).

    python bench/cpu_per_request.py --database quizzes_bench_10k [--requests 500] [--profile 25]

Copies the seeded template `<database>_seed` (bench/seed.py; `make loadtest` makes it) to
`<database>_cpu`, then sends GET /api/study/next/ and POST /api/study/reviews/ as the
bench users (their own tokens, the load test's answers) and prints the CPU time
(`time.process_time`) per request of each, and with --profile the functions that took
most of it (cProfile with the CPU clock). The same figures whatever else runs on the
machine, near enough: it measures this process's CPU, not waiting.
"""

import argparse
import cProfile
import json
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadtest import FLIP_EVERY, WRONG_EVERY, wrong_answer  # noqa: E402
from seed import BENCH_USERS, bench_token, database_url, recreate_database  # noqa: E402


def clients_and_cards(cursor) -> list[tuple[str, int, list[tuple[int, str]]]]:
    """(token, set, [(card, JSON fields of its review)]) of each bench user, as bench/wrk/study.lua sends."""
    cursor.execute(
        "SELECT id FROM accounts_user WHERE username LIKE 'bench%%' ORDER BY username LIMIT %s", [BENCH_USERS]
    )
    users = []
    for (user_id,) in cursor.fetchall():
        cursor.execute(
            "SELECT c.id, c.question_set_id, q.type, q.answer FROM quizzes_card c "
            "JOIN quizzes_question q ON q.id = c.question_id WHERE c.user_id = %s ORDER BY c.id",
            [user_id],
        )
        cards = []
        rows = cursor.fetchall()
        for number, (card_id, _, question_type, stored) in enumerate(rows):
            answer = json.loads(stored)  # Django's connection leaves jsonb as text
            if number % FLIP_EVERY == 0:
                fields = {"rating": 3}
            elif number % WRONG_EVERY == 0:
                fields = {"answer": wrong_answer(question_type, answer)}
            else:
                fields = {"answer": answer}
            cards.append((card_id, fields))
        users.append((bench_token(user_id), rows[0][1], cards))
    return users


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="quizzes_bench_10k", help="the copy of its _seed template to use"
    )
    parser.add_argument("--requests", type=int, default=500, help="measured requests per endpoint")
    parser.add_argument("--profile", type=int, default=0, help="print this many functions by CPU time")
    parser.add_argument(
        "--dump", help="with --profile: write each endpoint's profile to DUMP-<endpoint>.prof"
    )
    parser.add_argument("--callers", help="with --profile: print the callers of functions matching this")
    parser.add_argument(
        "--prefix", default="/api/study", help="the endpoints' prefix (/bare/study: the yardstick)"
    )
    options = parser.parse_args()

    working = f"{options.database}_cpu"
    recreate_database(working, template=f"{options.database}_seed")
    os.environ.update(
        DATABASE_URL=database_url(working),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="testserver",
        CONN_MAX_AGE="600",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.yardstick_settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    with connection.cursor() as cursor:
        users = clients_and_cards(cursor)
    clients = [Client(HTTP_AUTHORIZATION=f"Token {token}") for token, _, _ in users]
    sent = [0] * len(users)

    def next_card(number: int) -> None:
        _, set_id, _ = users[number % len(users)]
        response = clients[number % len(users)].get(f"{options.prefix}/next/", {"set": set_id})
        assert response.status_code == 200, response.content

    def review(number: int) -> None:
        who = number % len(users)
        _, _, cards = users[who]
        card_id, fields = cards[sent[who] % len(cards)]
        sent[who] += 1
        body = {"card": card_id, **fields, "duration_ms": 4200, "client_id": f"cpu-{number}"}
        response = clients[who].post(
            f"{options.prefix}/reviews/", json.dumps(body), content_type="application/json"
        )
        assert response.status_code in (200, 201), (body, response.content)

    for name, send in (("next", next_card), ("review", review)):
        for number in range(50):  # warm-up: imports, connection, caches
            send(number)
        profile = cProfile.Profile(time.process_time) if options.profile else None
        started = time.process_time()
        if profile:
            profile.enable()
        for number in range(50, 50 + options.requests):
            send(number)
        if profile:
            profile.disable()
        spent = time.process_time() - started
        print(f"{name}: {1000 * spent / options.requests:.2f} ms of CPU per request ({options.requests})")
        if profile:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(options.profile)
            pstats.Stats(profile).sort_stats("tottime").print_stats(options.profile)
            if options.dump:
                profile.dump_stats(f"{options.dump}-{name}.prof")
            if options.callers:
                pstats.Stats(profile).print_callers(options.callers)
    connection.close()


if __name__ == "__main__":
    main()
