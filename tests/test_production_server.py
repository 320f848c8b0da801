"""`make serve`'s stack for real: gunicorn with the production settings, WhiteNoise, and
what the API answers while its database is away."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2
import pytest
from django.db import OperationalError, connection
from factories import api_client_for, make_user, token_for

from quizzes.selectors import classes, study_queue

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def production_env(**more) -> dict:
    settings = connection.settings_dict
    database = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    return {**os.environ, **PRODUCTION, "DATABASE_URL": database, "SECURE_SSL_REDIRECT": "0", **more}


def start(command: list, *, env: dict, base: str) -> subprocess.Popen:
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while fetch_or_none(f"{base}/api/auth/me/") is None:
        assert server.poll() is None and time.monotonic() < deadline, f"{command[0]} did not start"
        time.sleep(0.2)
    return server


@pytest.fixture
def production_server(collected_static, tmp_path):
    """The stack as `make serve` runs it (config/serve.py): nginx in front of gunicorn
    (config/gunicorn.py, DEBUG off, collected static files, one worker) on the test
    database. Yields its base URL."""
    port = free_port()
    env = production_env(
        STATIC_ROOT=str(collected_static), HOST="127.0.0.1", PORT=str(port), WEB_WORKERS="1",
        SERVE_DIR=str(tmp_path / "serve"),
    )  # fmt: skip
    server = start([sys.executable, "-m", "config.serve"], env=env, base=f"http://127.0.0.1:{port}")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def bare_gunicorn(collected_static):
    """gunicorn alone, one sync worker: what `make serve` no longer exposes."""
    port = free_port()
    env = production_env(STATIC_ROOT=str(collected_static), BIND=f"127.0.0.1:{port}", WEB_WORKERS="1")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = start(
        [gunicorn, "--config", "config/gunicorn.py", "config.wsgi"], env=env, base=f"http://127.0.0.1:{port}"
    )
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


def slow_clients(base: str, count: int) -> list[socket.socket]:
    """Slowloris: connections that send the start of a request's headers, then wait."""
    host, port = base.removeprefix("http://").split(":")
    held = []
    for _ in range(count):
        client = socket.create_connection((host, int(port)), timeout=5)
        client.sendall(b"GET /api/auth/me/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        held.append(client)
    return held


def answered_within(url: str, seconds: float) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=seconds):
            return True
    except urllib.error.HTTPError:
        return True  # an answer (a 401 here) is an answer
    except OSError:
        return False


@pytest.mark.django_db(transaction=True)
def test_slow_clients_do_not_hold_the_workers_behind_nginx(production_server):
    held = slow_clients(production_server, 50)
    try:
        answers = [answered_within(f"{production_server}/api/auth/me/", 3) for _ in range(5)]
    finally:
        for client in held:
            client.close()

    assert answers == [True] * 5


@pytest.mark.django_db(transaction=True)
def test_without_nginx_one_slow_client_holds_a_sync_worker(bare_gunicorn):
    """Why nginx is there: the same attack on gunicorn alone."""
    held = slow_clients(bare_gunicorn, 1)
    try:
        answered = answered_within(f"{bare_gunicorn}/api/auth/me/", 2)
    finally:
        for client in held:
            client.close()

    assert not answered


@pytest.mark.django_db(transaction=True)
def test_behind_nginx_the_app_sees_the_clients_address_not_a_forged_one(production_server):
    from accounts.models import LoginAttempt

    credentials = json.dumps({"username": "nobody", "password": "wrong-horse-battery-9"}).encode()
    request = urllib.request.Request(
        f"{production_server}/api/auth/token/",
        data=credentials,
        headers={"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.9"},
    )
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)

    assert list(LoginAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]


def fetch_or_none(url: str):
    try:
        return fetch(url)
    except OSError:
        return None


@pytest.mark.django_db(transaction=True)
def test_static_files_are_served_hashed_compressed_and_cached_for_a_year(production_server):
    status, headers, body = fetch(f"{production_server}/static/css/app.css")
    assert status == 200 and b"{" in body

    page_status, _, page = fetch(f"{production_server}/login/")
    hashed = page.decode().split('href="/static/css/app.', 1)[1].split('"', 1)[0]
    status, headers, body = fetch(
        f"{production_server}/static/css/app.{hashed}", **{"Accept-Encoding": "gzip"}
    )

    assert page_status == 200
    assert status == 200
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert fetch(f"{production_server}/static/css/nothing-here.css")[0] == 404


@pytest.mark.django_db(transaction=True)
def test_the_server_reconnects_by_itself_when_its_database_connection_dies(production_server):
    token = token_for(make_user("sara"))
    authorization = {"Authorization": f"Token {token}"}
    assert fetch(f"{production_server}/api/auth/me/", **authorization)[0] == 200

    killed = terminate_other_backends()
    status, _, body = fetch(f"{production_server}/api/auth/me/", **authorization)

    assert killed >= 1
    assert status == 200, body
    assert json.loads(body)["username"] == "sara"


def terminate_other_backends() -> int:
    """Ends every connection to the test database but this test's own, as a restart of
    PostgreSQL would; returns how many it ended."""
    settings = connection.settings_dict
    admin = psycopg2.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname=settings["NAME"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), %s)",
            [connection.connection.info.backend_pid],
        )
        (killed,) = cursor.fetchone()
    admin.close()
    return killed


def test_an_api_request_while_the_database_is_away_gets_a_json_503_to_retry(db, monkeypatch):
    def unreachable(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(study_queue, "visible_set_for_study", unreachable)
    client = api_client_for(make_user("sara"))

    response = client.get("/api/study/next/", {"set": 1})

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert response.json() == {"detail": "The service is briefly unavailable; please try again in a moment."}


def test_a_page_while_the_database_is_away_gets_a_plain_503_page(client, db, monkeypatch):
    def unreachable(**kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(classes, "dashboard_sets", unreachable)
    client.force_login(make_user("sara"))

    response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert b"Back in a moment" in response.content
    assert b"Traceback" not in response.content and b"Connection refused" not in response.content


@pytest.mark.django_db(transaction=True)
def test_make_serve_runs_a_worker_for_the_background_jobs(production_server, tinas_set, alice):
    """A timed quiz whose time has run out is scored by the worker `make serve` starts,
    with nobody reading it (the reads would score it too: here nothing reads it)."""
    import datetime as dt

    from quizzes.models import Attempt
    from quizzes.services import attempts

    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    quiz = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, time_limit_s=60, now=started)

    for _ in range(150):
        if Attempt.objects.filter(pk=quiz.pk, submitted_at__isnull=False).exists():
            break
        time.sleep(0.2)
    assert Attempt.objects.get(pk=quiz.pk).submitted_at == quiz.deadline
