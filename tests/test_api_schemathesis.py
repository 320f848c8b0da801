"""Property-based API checks with schemathesis: every operation of /api/schema/, as a student and a teacher.

Generated requests, valid and invalid, go through the real WSGI application (every middleware,
the real database); each answer must be no 5xx, a documented status, and a body that matches
the schema. The run is seeded and bounded: `SCHEMATHESIS_MAX_EXAMPLES` (default below) per
operation and role, each example in a savepoint rolled back after it, so every example meets
the same data and the run repeats exactly.
"""

import os

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from factories import token_for
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "15"))

config = SchemathesisConfig.from_dict(
    {
        "seed": 1909,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=config)

# The ids of the objects made for each test, so generated ids often name something real.
known_ids: dict[str, list[int]] = {}


def real_id_kind(path: str, parameter: str) -> str | None:
    if parameter == "question_id":
        return "questions"
    if parameter == "user_id":
        return "users"
    return next((kind for kind in ("sets", "questions", "quizzes") if path.startswith(f"/api/{kind}/")), None)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Often swap a generated id for the id of a real set, question, quiz or user.

    Only whole numbers are swapped: a value of the wrong type belongs to a case meant to be
    invalid, which must stay invalid.
    """
    strategies = {}
    for name, value in (path_parameters or {}).items():
        ids = known_ids.get(real_id_kind(context.operation.path, name), [])
        swappable = ids and isinstance(value, int) and not isinstance(value, bool)
        strategies[name] = st.sampled_from([value, *ids]) if swappable else st.just(value)
    return st.fixed_dictionaries(strategies) if path_parameters is not None else st.just(path_parameters)


@pytest.fixture
def cast(db, alice, tina, tinas_set, tinas_draft):
    """A student with a quiz and studied cards, a teacher with a published set and a draft."""
    from quizzes.services import attempts

    cache.clear()  # the register throttle's counts, so each run starts from the same state
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=4, kinds=None, types=None)
    known_ids.clear()
    known_ids.update(
        sets=[tinas_set.pk, tinas_draft.pk],
        questions=list(tinas_set.questions.values_list("pk", flat=True)),
        quizzes=[attempt.pk],
        users=[alice.pk, tina.pk],
    )
    yield {
        "student": token_for(alice),
        "teacher": token_for(tina),
    }
    known_ids.clear()


@pytest.fixture
def requests_keep_the_test_transaction():
    """As Django's test client does: the WSGI handler must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def call_and_validate_in_a_savepoint(case, token: str) -> None:
    """Every check but `positive_data_acceptance`: a schema states shapes, not rules. A
    schema-valid request may still break one (a weak or wrong password, an answer not among
    the choices, an unknown time zone), and the contract's answer to that is a 400 naming
    the field, not a 2xx."""
    with transaction.atomic():
        case.call_and_validate(
            headers={"Authorization": f"Token {token}"}, excluded_checks=[positive_data_acceptance]
        )
        transaction.set_rollback(True)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_as_a_student(case, cast, requests_keep_the_test_transaction):
    call_and_validate_in_a_savepoint(case, cast["student"])


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_as_a_teacher(case, cast, requests_keep_the_test_transaction):
    call_and_validate_in_a_savepoint(case, cast["teacher"])
