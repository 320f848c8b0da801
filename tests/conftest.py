import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, connections


def pytest_collection_modifyitems(items):
    """Behind PgBouncer (DATABASE_POOLED=1, tests/test_through_pgbouncer.py) every test runs
    in real transactions: one wrapped in a single transaction would hold one server
    connection from start to end and prove nothing about transaction mode."""
    if os.environ.get("DATABASE_POOLED") != "1":
        return
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and not marker.kwargs.get("transaction"):
            transactional = pytest.mark.django_db(*marker.args, **{**marker.kwargs, "transaction": True})
            item.add_marker(transactional, append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The suite runs on PostgreSQL only: what passes on SQLite proves little here."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", f"Tests need PostgreSQL, not {connection.vendor}."


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """The static files as production collects them: hashed and compressed copies and the
    manifest that pages need with DEBUG off. Made once a run; pass it as STATIC_ROOT."""
    root = tmp_path_factory.mktemp("static")
    production = {"DEBUG": "0", "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, **production, "STATIC_ROOT": str(root)},
        check=True,
    )
    return root


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashers cost ~0.3 s a password by design; the tests do not test them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def progress_connection_closed():
    """A job's progress is written on a connection of its own (the `progress` alias, a
    mirror of the test database): closed after each test, or it would keep the test
    database from being dropped at the end."""
    yield
    connections["progress"].close()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counts (sign-ups per address) live in the cache, which outlives a test."""
    cache.clear()


# A teacher's pages: tina logged in (the teacher-page tests), and a source of her own.
@pytest.fixture
def teacher(client, tina):
    client.force_login(tina)
    return client


@pytest.fixture
def own_source(tina):
    from factories import fact_document

    from quizzes.services import sources

    return sources.create_source(owner=tina, document=fact_document())


# The cast of the API tests, as in healthchecks: the owner, another of the same role,
# an outsider, an admin, anonymous.
@pytest.fixture
def alice(db):
    from factories import make_user

    return make_user("alice")


@pytest.fixture
def bob(db):
    from factories import make_user

    return make_user("bob")


@pytest.fixture
def tina(db):
    from factories import make_user

    return make_user("tina", role="teacher")


@pytest.fixture
def tom(db):
    from factories import make_user

    return make_user("tom", role="teacher")


@pytest.fixture
def ada(db):
    from factories import make_user

    return make_user("ada", role="admin")


@pytest.fixture
def tinas_set(tina):
    """A published set owned by tina, with one question of each type."""
    from factories import authored_set

    return authored_set(owner=tina, title="Tina's dates", is_published=True)


@pytest.fixture
def tinas_draft(tina):
    from factories import authored_set

    return authored_set(owner=tina, title="Tina's draft", is_published=False)


@pytest.fixture
def question_set(db):
    """The generated set of the small test document (tests/factories.py)."""
    from factories import generated_set

    return generated_set()


@pytest.fixture
def student(client, alice):
    """The test client, logged in as alice (a student) with a session, as the pages are used."""
    client.force_login(alice)
    return client


def reviewed_easy(user, question):
    """A card answered right and rated Easy: due days from now."""
    import datetime as dt

    from study_helpers import right_answer

    from quizzes.models import Card
    from quizzes.services.study import introduce_card, review_card

    card = introduce_card(user=user, question=question, now=dt.datetime.now(dt.UTC))
    review_card(user=user, card_id=card.pk, answer=right_answer(question), rating=4)
    return Card.objects.get(pk=card.pk)


@pytest.fixture
def quiz_with_misses(alice, tinas_set):
    """A submitted quiz of alice's on the set's four questions: the first right, the second
    wrong, the third unanswered, the fourth right; every card but the third's studied and
    not due. Returns the attempt and the questions in the order drawn."""
    from study_helpers import right_answer, wrong_answer

    from quizzes.models import Card, Question
    from quizzes.services import attempts

    for question in tinas_set.questions.all():  # studied before the quiz: its study pauses while it is open
        reviewed_easy(alice, question)
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=4)
    questions = [Question.objects.get(pk=pk) for pk in attempt.question_ids]
    Card.objects.filter(user=alice, question=questions[2]).delete()  # the third never studied
    for question, answer in (
        (questions[0], right_answer(questions[0])),
        (questions[1], wrong_answer(questions[1])),
        (questions[3], right_answer(questions[3])),
    ):
        attempts.save_answer(user=alice, attempt_id=attempt.pk, question_id=question.pk, answer=answer)
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)
    attempt.refresh_from_db()
    return attempt, questions
