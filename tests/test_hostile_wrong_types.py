"""Wrong types in every field of every write endpoint: a 400 naming the field, nothing saved.

Each case starts from a body the endpoint accepts and spoils one field with a value of
another JSON type (a string for a number, a list for a string, null, a number too big for
the database, a float, a boolean, an object) or a string with a NUL character or a lone
surrogate, neither of which PostgreSQL can store.
"""

import json

import pytest
from django.core.cache import cache
from django.utils import timezone
from factories import api_client_for, make_user

from accounts.models import User
from quizzes.models import Attempt, AttemptAnswer, Question, QuestionSet, Review
from quizzes.services import attempts, authoring, study

pytestmark = pytest.mark.django_db

HUGE = 2**70
NUL = "Tab\x00riz"
SURROGATE = "Tab\ud800riz"  # a lone surrogate: JSON can spell it, but it is no character
NOT_INTEGERS = ["12", ["x"], None, HUGE, 1.5, True, {"a": 1}, SURROGATE]
NOT_NUMBERS = ["0.9", ["x"], None, True, {"a": 1}, SURROGATE]
NOT_BOOLEANS = ["true", 1, 0, None, ["x"], {"a": 1}, SURROGATE]
NOT_STRINGS = [12, ["x"], None, True, {"a": 1}, 1.5, NUL, SURROGATE]
NOT_STRING_LISTS = ["x", [1], [None], [["x"]], None, {"a": 1}, [NUL], [SURROGATE]]
NOT_INTEGER_LISTS = ["1", ["1"], [None], [HUGE], [1.5], {"a": 1}, [SURROGATE]]
NOT_ANSWERS = [12, 1.5, None, {"a": 1}, [1], [["x"]], NUL, [NUL], SURROGATE, [SURROGATE], {"a": SURROGATE}]

WRONG_VALUES = {
    "int": NOT_INTEGERS,
    "float": NOT_NUMBERS,
    "bool": NOT_BOOLEANS,
    "str": NOT_STRINGS,
    "choice": [1, ["x"], None, True, {"a": 1}, NUL, SURROGATE],
    "str_list": NOT_STRING_LISTS,
    "int_list": NOT_INTEGER_LISTS,
    "choice_list": ["date", [1], [None], [["date"]], None, [SURROGATE]],
    "answer": NOT_ANSWERS,
}


@pytest.fixture(autouse=True)
def fresh_register_throttle():
    """The register throttle counts in the cache, which outlives a test."""
    cache.clear()


class World:
    """A student with a card and a quiz, a teacher with a set, an admin: all a body needs."""

    def __init__(self):
        self.student = make_user("sara")
        self.teacher = make_user("tina", role="teacher")
        self.admin = make_user("ada", role="admin")
        self.question_set = authoring.create_set(owner=self.teacher, title="Tabriz", is_published=True)
        self.question = authoring.create_question(
            question_set=self.question_set,
            fields={
                "kind": "place",
                "type": "text",
                "prompt": "Where did Sattar Khan fight?",
                "answer": "Tabriz",
            },
        )
        self.card = study.introduce_card(user=self.student, question=self.question, now=timezone.now())
        # The quiz on a set of its own: while it is open, the set's study pauses (and a
        # second quiz on it is refused), which would stand in the way of the other bodies.
        self.quiz_set = authoring.create_set(owner=self.teacher, title="Tabriz quiz", is_published=True)
        self.quiz_question = authoring.create_question(
            question_set=self.quiz_set,
            fields={"kind": "place", "type": "text", "prompt": "Where was the siege?", "answer": "Tabriz"},
        )
        self.attempt = attempts.start_quiz(user=self.student, question_set=self.quiz_set, size=1)

    def saved_rows(self) -> dict:
        """What a refused write must leave as it was."""
        self.student.refresh_from_db()
        self.question_set.refresh_from_db()
        self.question.refresh_from_db()
        return {
            "users": User.objects.count(),
            "sets": QuestionSet.objects.count(),
            "questions": Question.objects.count(),
            "reviews": Review.objects.count(),
            "attempts": Attempt.objects.count(),
            "answers": AttemptAnswer.objects.count(),
            "settings": (
                self.student.desired_retention,
                self.student.new_cards_per_day,
                self.student.time_zone,
            ),
            "set": (self.question_set.title, self.question_set.description, self.question_set.is_published),
            "question": (self.question.prompt, self.question.answer, self.question.explanation),
        }


# (method, url, who, a body it accepts, {field: kind of value})
ENDPOINTS = {
    "register": (
        "post",
        "/api/auth/register/",
        None,
        {"username": "newcomer", "password": "tabriz-1909-snarsky", "email": "n@example.com"},
        {"username": "str", "password": "str", "email": "str"},
    ),
    "token": (
        "post",
        "/api/auth/token/",
        None,
        {"username": "sara", "password": "correct-horse-battery-9"},
        {"username": "str", "password": "str"},
    ),
    "session": (
        "post",
        "/api/auth/session/",
        None,
        {"username": "sara", "password": "correct-horse-battery-9"},
        {"username": "str", "password": "str"},
    ),
    "settings": (
        "patch",
        "/api/auth/me/",
        "student",
        {
            "desired_retention": 0.85,
            "new_cards_per_day": 10,
            "time_zone": "Asia/Tehran",
            "email": "s@example.com",
        },
        {
            "desired_retention": "float",
            "new_cards_per_day": "int",
            "time_zone": "str",
            "email": "str",
            "role": "choice",
        },
    ),
    "role": ("patch", "/api/users/{student}/", "admin", {"role": "teacher"}, {"role": "choice"}),
    "new set": (
        "post",
        "/api/sets/",
        "teacher",
        {"title": "Tehran", "description": "1909", "is_published": True},
        {"title": "str", "description": "str", "is_published": "bool"},
    ),
    "set": (
        "patch",
        "/api/sets/{set}/",
        "teacher",
        {"title": "Tehran", "description": "1909", "is_published": False},
        {"title": "str", "description": "str", "is_published": "bool"},
    ),
    "copy": (
        "post",
        "/api/sets/{set}/copy/",
        "teacher",
        {"questions": ["{quiz_question}"]},  # from another set: never the set itself
        {"questions": "int_list"},
    ),
    "copy a set": (
        "post",
        "/api/sets/{set}/copy/",
        "teacher",
        {"from_set": "{quiz_set}"},
        {"from_set": "int"},
    ),
    "new question": (
        "post",
        "/api/questions/",
        "teacher",
        {
            "set": "{set}",
            "kind": "place",
            "type": "choice",
            "prompt": "Where did the Russian army land in 1909?",
            "answer": "Enzeli",
            "choices": ["Enzeli", "Tabriz"],
            "accepted_answers": [],
            "explanation": "Anzali.",
        },
        {
            "set": "int",
            "kind": "choice",
            "type": "choice",
            "prompt": "str",
            "answer": "answer",
            "choices": "str_list",
            "accepted_answers": "str_list",
            "explanation": "str",
        },
    ),
    "question": (
        "patch",
        "/api/questions/{question}/",
        "teacher",
        {"prompt": "Where did Sattar Khan hold out?", "answer": "Tabriz", "accepted_answers": ["Tauris"]},
        {
            "prompt": "str",
            "answer": "answer",
            "accepted_answers": "str_list",
            "explanation": "str",
            "kind": "choice",
        },
    ),
    "quiz": (
        "post",
        "/api/quizzes/",
        "student",
        {"set": "{set}", "size": 1, "kinds": ["place"], "types": ["text"], "time_limit_s": 600},
        {"set": "int", "size": "int", "kinds": "choice_list", "types": "choice_list", "time_limit_s": "int"},
    ),
    "quiz answer": (
        "put",
        "/api/quizzes/{attempt}/answers/{quiz_question}/",
        "student",
        {"answer": "Tabriz"},
        {"answer": "answer"},
    ),
    "review": (
        "post",
        "/api/study/reviews/",
        "student",
        {"card": "{card}", "answer": "Tabriz", "rating": 3, "client_id": "r-1", "duration_ms": 4000},
        {"card": "int", "answer": "answer", "rating": "int", "client_id": "str", "duration_ms": "int"},
    ),
}

CASES = [
    pytest.param(endpoint, field, value, id=f"{endpoint}-{field}-{value!r}"[:80])
    for endpoint, (_, _, _, _, fields) in ENDPOINTS.items()
    for field, kind in fields.items()
    for value in WRONG_VALUES[kind]
]


def filled(value, world: World):
    """The body with the world's ids in place of "{set}", "{question}" and the like."""
    ids = {
        "{set}": world.question_set.pk,
        "{question}": world.question.pk,
        "{card}": world.card.pk,
        "{attempt}": world.attempt.pk,
        "{quiz_question}": world.quiz_question.pk,
        "{quiz_set}": world.quiz_set.pk,
        "{student}": world.student.pk,
    }
    if isinstance(value, dict):
        return {key: filled(item, world) for key, item in value.items()}
    if isinstance(value, list):
        return [filled(item, world) for item in value]
    return ids.get(value, value) if isinstance(value, str) else value


def send(endpoint: str, world: World, body: dict):
    method, url, who, _, _ = ENDPOINTS[endpoint]
    for name in ("set", "question", "quiz_question", "attempt", "student"):
        url = url.replace(f"{{{name}}}", str(filled(f"{{{name}}}", world)))
    client = api_client_for(getattr(world, who) if who else None)
    # Encoded here, ASCII-escaped, so a lone surrogate travels as the text "\ud800".
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_unspoilt_body_is_accepted(endpoint):
    """So that each 400 below is the spoilt field's doing."""
    world = World()

    response = send(endpoint, world, filled(ENDPOINTS[endpoint][3], world))

    assert response.status_code in (200, 201), response.content


@pytest.mark.parametrize(("endpoint", "field", "value"), CASES)
def test_a_wrong_type_is_a_400_naming_the_field_and_saves_nothing(endpoint, field, value):
    world = World()
    before = world.saved_rows()
    body = {**filled(ENDPOINTS[endpoint][3], world), field: value}

    response = send(endpoint, world, body)

    assert response.status_code == 400, (response.status_code, response.content)
    assert field in response.json(), response.json()
    assert world.saved_rows() == before
