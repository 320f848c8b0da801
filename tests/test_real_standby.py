"""A real streaming standby (bench/engines.py) behind the production server: GETs read from
it, a client reads its own writes at once, and reads go to the primary while it lags or is
down. The data is committed (transactional tests): only committed WAL reaches a standby."""

import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from factories import token_for

from bench.engines import Standby, free_port, query
from quizzes.models import Question
from quizzes.services import study

pytestmark = [pytest.mark.engines, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def standby(django_db_setup):
    """Made after the test database exists, though streaming would bring it over anyway."""
    standby = Standby().create()
    yield standby
    standby.destroy()


@pytest.fixture
def running_standby(standby):
    """The standby, replaying, whatever the test did to it."""
    yield standby
    if not standby.running:
        standby.start()
    standby.resume_replay()


class AppServer:
    """gunicorn as `make serve` runs it (one worker, so one cache holds the pins), the test
    database on the primary as `default` and the same database on the standby as `replica`."""

    def __init__(self, standby: Standby, **settings: str):
        name = connection.settings_dict["NAME"]
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "BIND": f"127.0.0.1:{port}",
            "WEB_WORKERS": "1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{connection.settings_dict['PORT']}/{name}",
            "DATABASE_REPLICA_URL": standby.url(name),
            **settings,
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [gunicorn, "--config", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not self.answers():
            assert self.process.poll() is None, self.process.stderr.read()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)

    def answers(self) -> bool:
        try:
            self.request("GET", "/api/auth/me/", token="")
            return True
        except OSError:
            return False

    def request(self, method: str, path: str, *, token: str, body: dict | None = None) -> tuple[int, dict]:
        headers = {"Authorization": f"Token {token}"} if token else {}
        data = json.dumps(body).encode() if body is not None else None
        if data:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def reviews_seen(self, token: str) -> int:
        status, stats = self.request("GET", "/api/study/stats/", token=token)
        assert status == 200, stats
        return stats["reviews"]

    def review(self, card_id: int, *, token: str) -> None:
        body = {"card": card_id, "rating": 3}
        status, body = self.request("POST", "/api/study/reviews/", token=token, body=body)
        assert status == 201, body

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def app_server(running_standby):
    servers = []

    def start(**settings: str) -> AppServer:
        servers.append(AppServer(running_standby, **settings))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def studying(alice, question_set):
    """Two of alice's devices (two tokens: pins are per client) and two cards of hers."""
    now = dt.datetime.now(dt.UTC)
    first, second = Question.objects.filter(question_set=question_set).order_by("pk")[:2]
    cards = [study.introduce_card(user=alice, question=question, now=now).pk for question in (first, second)]
    return token_for(alice), token_for(alice), cards


def test_gets_read_the_standby_and_a_writer_reads_its_own_write_at_once(
    running_standby, app_server, studying
):
    phone, laptop, (card, _) = studying
    server = app_server(REPLICA_MAX_LAG_SECONDS="600", REPLICA_CHECK_SECONDS="0")
    running_standby.catch_up()
    running_standby.pause_replay()

    server.review(card, token=phone)
    phone_sees, laptop_sees = server.reviews_seen(phone), server.reviews_seen(laptop)
    running_standby.resume_replay()
    running_standby.catch_up()

    assert phone_sees == 1  # pinned to the primary after its write
    assert laptop_sees == 0  # the standby, whose replay is paused: proof that it served the GET
    assert server.reviews_seen(laptop) == 1  # the standby once it has replayed the review


def test_reads_go_to_the_primary_while_the_standby_lags_too_far(running_standby, app_server, studying):
    phone, laptop, (card, _) = studying
    server = app_server(REPLICA_MAX_LAG_SECONDS="1", REPLICA_CHECK_SECONDS="0")
    running_standby.catch_up()
    assert server.reviews_seen(laptop) == 0
    running_standby.pause_replay()

    server.review(card, token=phone)
    lag = "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp()) > 1.5"
    deadline = time.monotonic() + 10
    while not query(running_standby.url("postgres"), lag)[0]:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    laptop_sees = server.reviews_seen(laptop)

    assert laptop_sees == 1  # from the primary: the standby still holds none


def test_reads_go_to_the_primary_when_the_standby_stops(running_standby, app_server, studying):
    phone, laptop, (card, other_card) = studying
    # Checked once a minute: the standby is found gone by the request that fails on it.
    server = app_server(REPLICA_MAX_LAG_SECONDS="600", REPLICA_CHECK_SECONDS="60")
    running_standby.catch_up()
    assert server.reviews_seen(laptop) == 0  # the standby, found usable
    server.review(card, token=phone)
    running_standby.catch_up()

    running_standby.stop()
    status, stats = server.request("GET", "/api/study/stats/", token=laptop)
    server.review(other_card, token=phone)
    later = server.reviews_seen(laptop)

    assert (status, stats["reviews"]) == (200, 1)
    assert later == 2
