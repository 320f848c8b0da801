"""Read replicas (off by default): GETs read from the replica, a client who just wrote reads
from the primary, authentication always reads from the primary."""

import json

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from fresh_process import current_database_url, run_python

from accounts.models import LoginAttempt, User
from config import replicas
from quizzes.models import Card, Job, QuestionSet, Review, SchedulerFit


@pytest.fixture(autouse=True)
def no_pins():
    cache.clear()
    yield
    cache.clear()


def reads_during(request, *, status: int = 200, session_cookie: str | None = None) -> bool:
    """Run the middleware around a view that reports where its reads would go, with a
    replica that answers and is caught up (tests/test_real_standby.py has the real one)."""
    seen = {}
    cache.set(replicas.HEALTH_KEY, True)

    def view(request):
        seen["replica"] = replicas.reads_on_replica.get()
        response = HttpResponse(status=status)
        if session_cookie:
            response.set_cookie("sessionid", session_cookie)
        return response

    replicas.ReplicaReadsMiddleware(view)(request)
    return seen["replica"]


def test_the_router_sends_reads_to_the_replica_only_inside_a_replica_request():
    router = replicas.PrimaryReplicaRouter()

    outside = router.db_for_read(QuestionSet)
    token = replicas.reads_on_replica.set(True)
    try:
        inside = {model: router.db_for_read(model) for model in (QuestionSet, Card, Review)}
        authentication = {model: router.db_for_read(model) for model in (User, LoginAttempt)}
        polled = {model: router.db_for_read(model) for model in (Job, SchedulerFit)}
        writes = router.db_for_write(Review)
    finally:
        replicas.reads_on_replica.reset(token)

    assert outside == "default"
    assert set(inside.values()) == {"replica"}
    assert set(authentication.values()) == {"default"}
    assert set(polled.values()) == {"default"}  # a job's page sees the worker's progress at once
    assert writes == "default"
    assert router.allow_migrate("replica", "quizzes") is False


@override_settings(REPLICA_PIN_SECONDS=10)
def test_a_client_reads_from_the_primary_after_it_writes_and_others_do_not():
    factory = RequestFactory()
    alice = {"HTTP_AUTHORIZATION": "Token alice-token"}
    bob = {"HTTP_AUTHORIZATION": "Token bob-token"}

    before = reads_during(factory.get("/api/study/stats/", **alice))
    while_writing = reads_during(factory.post("/api/study/reviews/", **alice))
    after = reads_during(factory.get("/api/study/stats/", **alice))
    someone_else = reads_during(factory.get("/api/study/stats/", **bob))
    cache.clear()  # REPLICA_PIN_SECONDS later
    later = reads_during(factory.get("/api/study/stats/", **alice))

    assert (before, while_writing, after, someone_else, later) == (True, False, False, True, True)


def test_a_login_pins_the_new_session_and_the_cache_holds_no_credential():
    factory = RequestFactory()

    reads_during(factory.post("/login/"), status=302, session_cookie="new-session-key")
    request = factory.get("/")
    request.COOKIES["sessionid"] = "new-session-key"

    assert reads_during(request) is False
    assert "new-session-key" not in json.dumps(list(cache._cache.keys()))


def test_the_replica_is_off_by_default(settings):
    assert "replica" not in settings.DATABASES
    assert "config.replicas.ReplicaReadsMiddleware" not in settings.MIDDLEWARE
    assert not getattr(settings, "DATABASE_ROUTERS", [])


@pytest.mark.django_db(transaction=True)
def test_with_a_replica_configured_the_whole_stack_routes_reads(tina):
    """Both aliases point at the test database here; what is checked is which one each query used."""
    from factories import token_for

    token = token_for(tina)
    url = current_database_url()
    script = f"""
import json, django
django.setup()
from django.db import connections
from django.test import Client
used = []
def recorder(alias):
    def record(execute, sql, params, many, context):
        used.append((alias, sql.split()[0]))
        return execute(sql, params, many, context)
    return record
for alias in ("default", "replica"):
    connections[alias].execute_wrappers.append(recorder(alias))
client = Client(HTTP_AUTHORIZATION="Token {token}")
steps = {{}}
for step, (method, path, body) in enumerate([
    ("get", "/api/sets/", None),
    ("post", "/api/sets/", {{"title": "Tabriz", "is_published": True}}),
    ("get", "/api/sets/", None),
]):
    used.clear()
    response = getattr(client, method)(path, body, content_type="application/json")
    steps[f"{{step}} {{method}} {{response.status_code}}"] = sorted(set(used))
print(json.dumps(steps))
"""
    result = run_python(script, DATABASE_URL=url, DATABASE_REPLICA_URL=url)
    steps = json.loads(result.stdout)

    first_read, write, read_after_write = (steps[key] for key in sorted(steps))
    assert list(steps) == ["0 get 200", "1 post 201", "2 get 200"]
    # On the primary, the token (its statement prepared, config/plain_sql.py) and the replica's
    # lag check (its WAL position); the sets on the replica.
    assert first_read == [["default", "EXECUTE"], ["default", "SELECT"], ["replica", "SELECT"]]
    assert {alias for alias, _ in write} == {"default"}
    assert {alias for alias, _ in read_after_write} == {"default"}
