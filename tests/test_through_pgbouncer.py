"""The API journeys through a real PgBouncer in transaction mode (bench/engines.py), as
production behind PgBouncer runs (DATABASE_POOLED=1, docs/scaling.md section 2).

The journey modules run again in a pytest of their own whose every connection, the test
database's creation and migrations included, goes through PgBouncer. It keeps its test
database (--reuse-db): PgBouncer holds pooled server connections to it until it stops, so
this test drops it afterwards, on the primary."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.engines import PRIMARY_PORT, PgBouncer, query, url_for

pytestmark = pytest.mark.engines

ROOT = Path(__file__).resolve().parent.parent
JOURNEYS = ["tests/test_api_journeys.py", "tests/test_api_source_journey.py"]


def test_the_api_journeys_pass_through_pgbouncer_in_transaction_mode():
    pgbouncer = PgBouncer(pool_size=4)
    journeys = None
    try:
        environment = {"DATABASE_URL": pgbouncer.url("quizzes_pooled"), "DATABASE_POOLED": "1"}
        journeys = subprocess.Popen(
            [sys.executable, "-m", "pytest", *JOURNEYS, "-p", "no:cacheprovider", "--reuse-db"],
            cwd=ROOT, env={**os.environ, **environment}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        output, _ = journeys.communicate(timeout=600)
        test_database = f"test_quizzes_pooled_{journeys.pid}"
        mode = {row["key"]: row["value"] for row in pgbouncer.show("CONFIG")}["pool_mode"]
        stats = {row["database"]: row for row in pgbouncer.show("STATS")}.get(test_database, {})
    finally:
        pgbouncer.stop()
        if journeys is not None:
            dropped = f'DROP DATABASE IF EXISTS "test_quizzes_pooled_{journeys.pid}" WITH (FORCE)'
            query(url_for(PRIMARY_PORT, "postgres"), dropped)

    passed = re.search(r"(\d+) passed", output)
    assert journeys.returncode == 0, output[-4000:]
    assert passed and int(passed.group(1)) >= 3 and "failed" not in output and "error" not in output
    assert mode == "transaction"
    # About 500: each statement of a request is a transaction of its own, lent a server connection.
    assert stats.get("total_xact_count", 0) > 300
