"""Every endpoint × every role, with the status each must get, in one table.

The cast: anonymous, alice (a student, who took the quiz and owns the card), bob
(another student), tina (the set's teacher, and the source's), tom (another teacher), ada
(an admin). Fact sources are teachers' material: students get 403 on every source endpoint,
another teacher 404 (tina's source, or the bundled one, is not theirs to know of). A class
is tina's, with alice in it: a member reads it (403 on what only its teacher may do), bob
and tom get 404.
Each status seen must also be documented for that operation in the OpenAPI schema.
"""

import datetime as dt

import pytest
from assignment_helpers import assign, make_class
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator
from factories import QUESTION_OF_EACH_TYPE, api_client_for, authored_set, fact_document

from quizzes.facts.loader import load_fact_source
from quizzes.models import ExcludedQuestion, Job, Question, QuestionSet
from quizzes.services import attempts, classes, sources
from quizzes.services.study import introduce_card

pytestmark = pytest.mark.django_db

CAST = ("anonymous", "alice", "bob", "tina", "tom", "ada")
PASSWORD = "correct-horse-battery-9"  # everyone's, as factories.make_user sets it
CSV_FILE = "kind,type,prompt,answer,choices,accepted_answers,explanation\nother,true_false,Is it?,true,,,\n"

# (method, path, schema path, body, statuses for anonymous, alice, bob, tina, tom, ada)
MATRIX = [
    ("get", "/api/sets/", "/api/sets/", None, (401, 200, 200, 200, 200, 200)),
    ("post", "/api/sets/", "/api/sets/", {"title": "New"}, (401, 403, 403, 201, 201, 201)),
    ("get", "/api/sets/{set}/", "/api/sets/{id}/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/sets/{draft}/", "/api/sets/{id}/", None, (401, 404, 404, 200, 404, 200)),
    ("patch", "/api/sets/{set}/", "/api/sets/{id}/", {"title": "T"}, (401, 403, 403, 200, 403, 200)),
    ("patch", "/api/sets/{draft}/", "/api/sets/{id}/", {"title": "T"}, (401, 404, 404, 200, 404, 200)),
    ("delete", "/api/sets/{set}/", "/api/sets/{id}/", None, (401, 403, 403, 204, 403, 204)),
    (
        "get",
        "/api/sets/{set}/export/?format=json",
        "/api/sets/{id}/export/",
        None,
        (401, 403, 403, 200, 403, 200),
    ),
    ("post", "/api/sets/{set}/import/", "/api/sets/{id}/import/", "csv", (401, 403, 403, 201, 403, 201)),
    (
        "post",
        "/api/sets/{set}/copy/",
        "/api/sets/{id}/copy/",
        {"from_set": "{draft}"},
        (401, 403, 403, 201, 403, 201),
    ),
    ("get", "/api/sets/{set}/results/", "/api/sets/{id}/results/", None, (401, 403, 403, 200, 403, 200)),
    (
        "get",
        "/api/sets/{set}/leaderboard/",
        "/api/sets/{id}/leaderboard/",
        None,
        (401, 200, 200, 200, 200, 200),
    ),
    ("get", "/api/questions/?set={set}", "/api/questions/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/questions/{question}/", "/api/questions/{id}/", None, (401, 200, 200, 200, 200, 200)),
    ("post", "/api/questions/", "/api/questions/", "question", (401, 403, 403, 201, 403, 201)),
    (
        "patch",
        "/api/questions/{question}/",
        "/api/questions/{id}/",
        {"prompt": "P"},
        (401, 403, 403, 200, 403, 200),
    ),
    ("delete", "/api/questions/{question}/", "/api/questions/{id}/", None, (401, 403, 403, 204, 403, 204)),
    ("post", "/api/quizzes/", "/api/quizzes/", {"set": "{set}"}, (401, 201, 201, 201, 201, 201)),
    ("get", "/api/quizzes/{quiz}/", "/api/quizzes/{id}/", None, (401, 200, 404, 200, 404, 200)),
    (
        "put",
        "/api/quizzes/{quiz}/answers/{quiz_question}/",
        "/api/quizzes/{id}/answers/{question_id}/",
        {"answer": "20 April 1909"},
        (401, 200, 404, 404, 404, 404),
    ),  # fmt: skip
    (
        "post",
        "/api/quizzes/{quiz}/submit/",
        "/api/quizzes/{id}/submit/",
        None,
        (401, 200, 404, 404, 404, 404),
    ),
    ("get", "/api/study/next/?set={set}", "/api/study/next/", None, (401, 200, 200, 200, 200, 200)),
    (
        "post",
        "/api/study/reviews/",
        "/api/study/reviews/",
        {"card": "{card}", "rating": 3},
        (401, 201, 404, 404, 404, 404),
    ),
    ("get", "/api/study/stats/", "/api/study/stats/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/scores/me/", "/api/scores/me/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/auth/me/", "/api/auth/me/", None, (401, 200, 200, 200, 200, 200)),
    (
        "patch",
        "/api/auth/me/",
        "/api/auth/me/",
        {"new_cards_per_day": 30},
        (401, 200, 200, 200, 200, 200),
    ),
    (
        "post",
        "/api/auth/register/",
        "/api/auth/register/",
        {"username": "newcomer", "password": "tabriz-1909-snarsky"},
        (201, 201, 201, 201, 201, 201),
    ),
    (
        "post",
        "/api/auth/token/",
        "/api/auth/token/",
        {"username": "bob", "password": PASSWORD},
        (200, 200, 200, 200, 200, 200),
    ),
    ("get", "/api/auth/session/", "/api/auth/session/", None, (204, 204, 204, 204, 204, 204)),
    ("delete", "/api/auth/session/", "/api/auth/session/", None, (204, 204, 204, 204, 204, 204)),
    ("get", "/api/schema/", None, None, (200, 200, 200, 200, 200, 200)),
    ("get", "/api/docs/", None, None, (200, 200, 200, 200, 200, 200)),
    ("get", "/api/sources/", "/api/sources/", None, (401, 403, 403, 200, 200, 200)),
    ("post", "/api/sources/", "/api/sources/", "document", (401, 403, 403, 201, 201, 201)),
    ("get", "/api/sources/{source}/", "/api/sources/{id}/", None, (401, 403, 403, 200, 404, 200)),
    ("get", "/api/sources/{bundled}/", "/api/sources/{id}/", None, (401, 403, 403, 404, 404, 200)),
    ("put", "/api/sources/{source}/", "/api/sources/{id}/", "document", (401, 403, 403, 200, 404, 200)),
    ("put", "/api/sources/{bundled}/", "/api/sources/{id}/", "document", (401, 403, 403, 404, 404, 200)),
    ("delete", "/api/sources/{source}/", "/api/sources/{id}/", None, (401, 403, 403, 204, 404, 204)),
    ("delete", "/api/sources/{bundled}/", "/api/sources/{id}/", None, (401, 403, 403, 404, 404, 204)),
    (
        "post",
        "/api/sources/{source}/generate/",
        "/api/sources/{id}/generate/",
        None,
        (401, 403, 403, 200, 404, 200),
    ),
    (
        "get",
        "/api/sources/{source}/exclusions/",
        "/api/sources/{id}/exclusions/",
        None,
        (401, 403, 403, 200, 404, 200),
    ),
    (
        "post",
        "/api/sources/{source}/exclusions/",
        "/api/sources/{id}/exclusions/",
        {"question": "{generated}"},
        (401, 403, 403, 201, 404, 201),
    ),
    (
        "delete",
        "/api/sources/{source}/exclusions/{exclusion}/",
        "/api/sources/{id}/exclusions/{exclusion_id}/",
        None,
        (401, 403, 403, 204, 404, 204),
    ),
    (
        "post",
        "/api/sources/draft/",
        "/api/sources/draft/",
        {"title": "Visby", "text": "In 1361 Valdemar IV captured Visby."},
        (401, 403, 403, 200, 200, 200),
    ),
    (
        "get",
        "/api/sources/template.xlsx",
        "/api/sources/template.xlsx",
        None,
        (401, 403, 403, 200, 200, 200),
    ),
    # Classes: alice is in tina's class, bob is not.
    ("get", "/api/classes/", "/api/classes/", None, (401, 200, 200, 200, 200, 200)),
    ("post", "/api/classes/", "/api/classes/", {"name": "New"}, (401, 403, 403, 201, 201, 201)),
    ("get", "/api/classes/{class}/", "/api/classes/{id}/", None, (401, 200, 404, 200, 404, 200)),
    (
        "patch",
        "/api/classes/{class}/",
        "/api/classes/{id}/",
        {"name": "Renamed"},
        (401, 403, 404, 200, 404, 200),
    ),
    ("delete", "/api/classes/{class}/", "/api/classes/{id}/", None, (401, 403, 404, 204, 404, 204)),
    (
        "post",
        "/api/classes/join/",
        "/api/classes/join/",
        {"join_code": "{join_code}"},
        (401, 200, 200, 200, 200, 200),
    ),
    (
        "post",
        "/api/classes/join/",
        "/api/classes/join/",
        {"join_code": "ABCD-EFGH"},
        (401, 404, 404, 404, 404, 404),
    ),
    (
        "post",
        "/api/classes/{class}/rotate-code/",
        "/api/classes/{id}/rotate-code/",
        None,
        (401, 403, 404, 200, 404, 200),
    ),
    ("post", "/api/classes/{class}/leave/", "/api/classes/{id}/leave/", None, (401, 204, 404, 404, 404, 404)),
    (
        "get",
        "/api/classes/{class}/members/",
        "/api/classes/{id}/members/",
        None,
        (401, 403, 404, 200, 404, 200),
    ),
    (
        "post",
        "/api/classes/{class}/members/",
        "/api/classes/{id}/members/",
        {"usernames": ["bob"]},
        (401, 403, 404, 201, 404, 201),
    ),
    (
        "post",
        "/api/classes/{class}/roster/",
        "/api/classes/{id}/roster/",
        "roster",
        (401, 403, 404, 201, 404, 201),
    ),
    (
        "delete",
        "/api/classes/{class}/members/{alice}/",
        "/api/classes/{id}/members/{user_id}/",
        None,
        (401, 403, 404, 204, 404, 204),
    ),
    # Issue 14: assignments and the gradebook. alice is a member of tina's class, bob is not.
    (
        "get",
        "/api/classes/{class}/assignments/",
        "/api/classes/{id}/assignments/",
        None,
        (401, 200, 404, 200, 404, 200),
    ),
    (
        "post",
        "/api/classes/{class}/assignments/",
        "/api/classes/{id}/assignments/",
        {"set": "{set}", "kind": "study", "due_at": "2031-01-01T00:00:00Z", "study": {"target_reviews": 3}},
        (401, 403, 404, 201, 404, 201),
    ),
    ("get", "/api/assignments/", "/api/assignments/", None, (401, 200, 200, 200, 200, 200)),
    ("get", "/api/assignments/{assignment}/", "/api/assignments/{id}/", None, (401, 200, 404, 200, 404, 200)),
    (
        "patch",
        "/api/assignments/{assignment}/",
        "/api/assignments/{id}/",
        {"title": "T"},
        (401, 403, 404, 200, 404, 200),
    ),
    (
        "delete",
        "/api/assignments/{assignment}/",
        "/api/assignments/{id}/",
        None,
        (401, 403, 404, 204, 404, 204),
    ),
    (
        "post",
        "/api/quizzes/",
        "/api/quizzes/",
        {"assignment": "{assignment}"},
        (401, 201, 404, 404, 404, 404),
    ),
    (
        "get",
        "/api/classes/{class}/gradebook/",
        "/api/classes/{id}/gradebook/",
        None,
        (401, 403, 404, 200, 404, 200),
    ),
    (
        "get",
        "/api/classes/{class}/gradebook/?format=csv",
        "/api/classes/{id}/gradebook/",
        None,
        (401, 403, 404, 200, 404, 200),
    ),
    (
        "post",
        "/api/classes/{class}/gradebook/exports/",
        "/api/classes/{id}/gradebook/exports/",
        None,
        (401, 403, 404, 202, 404, 202),
    ),
    # A job is its owner's alone (tina's gradebook file here); admins read jobs in the admin.
    ("get", "/api/jobs/{job}/", "/api/jobs/{job_id}/", None, (401, 404, 404, 200, 404, 404)),
    ("get", "/api/jobs/{job}/file/", "/api/jobs/{job_id}/file/", None, (401, 404, 404, 200, 404, 404)),
    (
        "get",
        "/api/classes/{class}/gradebook/{alice}/",
        "/api/classes/{id}/gradebook/{user_id}/",
        None,
        (401, 403, 404, 200, 404, 200),
    ),
    (
        "get",
        "/api/classes/{class}/leaderboard/",
        "/api/classes/{id}/leaderboard/",
        None,
        (401, 200, 404, 200, 404, 200),
    ),
    (
        "get",
        "/api/classes/{class}/weakest/",
        "/api/classes/{id}/weakest/",
        None,
        (401, 403, 404, 200, 404, 200),
    ),
    (
        "patch",
        "/api/users/{alice}/",
        "/api/users/{user_id}/",
        {"role": "teacher"},
        (401, 403, 403, 403, 403, 200),
    ),
]

CASES = [
    pytest.param(method, path, schema_path, body, who, status, id=f"{method} {path} as {who}")
    for method, path, schema_path, body, statuses in MATRIX
    for who, status in zip(CAST, statuses, strict=True)
]


@pytest.fixture(scope="module")
def documented_statuses():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method): {int(code) for code in operation["responses"]}
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


@pytest.fixture
def world(alice, bob, tina, tom, ada, tinas_set, tinas_draft):
    question = tinas_set.questions.get(type="choice")
    # alice's quiz is on another of tina's sets: while it is open, its set's study pauses.
    quiz_set = authored_set(owner=tina, title="Tina's places", is_published=True)
    quiz = attempts.start_quiz(user=alice, question_set=quiz_set, size=4)
    card = introduce_card(user=alice, question=question, now=dt.datetime.now(dt.UTC))
    school_class = make_class(tina, alice)
    assignment = assign(school_class, tinas_set, kind="quiz", due_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    job = Job.objects.create(
        owner=tina, kind=Job.Kind.GRADEBOOK, school_class=school_class, status=Job.Status.DONE,
        file=b"name,username\r\n", filename="gradebook-7a.csv", content_type="text/csv; charset=utf-8",
    )  # fmt: skip
    users = {"alice": alice, "bob": bob, "tina": tina, "tom": tom, "ada": ada, "anonymous": None}
    ids = {
        "set": tinas_set.pk, "draft": tinas_draft.pk, "question": question.pk, "quiz": quiz.pk,
        "quiz_question": quiz_set.questions.get(type="choice").pk,
        "card": card.pk, "alice": alice.pk, "class": school_class.pk, "assignment": assignment.pk,
        "job": job.pk,
    }  # fmt: skip
    return users, ids


@pytest.fixture
def source_world(tina):
    """tina's source with its set (one generated question, one excluded), and a bundled source.
    Made without generating, which the generate row does itself."""
    source = sources.create_source(owner=tina, document=fact_document())
    bundled, _ = load_fact_source(fact_document())
    question_set = QuestionSet.objects.create(title="A small war", owner=tina, source=source)
    generated = Question.objects.create(
        question_set=question_set, kind="other", type="true_false", prompt="Q?", answer=True,
        generator_key="made:one",
    )  # fmt: skip
    exclusion = ExcludedQuestion.objects.create(
        question_set=question_set, generator_key="made:two", prompt="Q2?"
    )
    return {"source": source.pk, "bundled": bundled.pk, "generated": generated.pk, "exclusion": exclusion.pk}


@pytest.fixture
def class_world(tina, alice):
    """tina's class, alice in it."""
    school_class = classes.create_class(teacher=tina, name="7A")
    classes.join_class(user=alice, join_code=school_class.join_code)
    return {"class": school_class.pk, "join_code": school_class.join_code}


def fill(template, ids):
    if isinstance(template, str):
        return template.format(**ids)
    if isinstance(template, dict):
        return {
            key: int(fill(value, ids))
            if value in ("{set}", "{card}", "{draft}", "{generated}", "{assignment}")
            else fill(value, ids)
            if isinstance(value, str)
            else value
            for key, value in template.items()
        }
    return template


@pytest.mark.parametrize(("method", "path", "schema_path", "body", "who", "status"), CASES)
def test_permission_matrix(request, world, documented_statuses, method, path, schema_path, body, who, status):
    users, ids = world
    if "/api/sources/" in path:
        ids = {**ids, **request.getfixturevalue("source_world")}
    if "/api/classes/" in path:
        ids = {**ids, **request.getfixturevalue("class_world")}
    client = api_client_for(users[who])
    url = fill(path, ids)
    if body == "document":
        # A slug of the caller's own: creating tina's "small-war" again would be a 400.
        document = fact_document(source={"slug": f"new-war-{who}", "title": "A new war"})
        response = getattr(client, method)(url, document, format="json")
    elif body == "csv":
        response = client.post(
            url, {"file": SimpleUploadedFile("q.csv", CSV_FILE.encode())}, format="multipart"
        )
    elif body == "roster":
        response = client.post(
            url, {"file": SimpleUploadedFile("roster.csv", b"username\nbob\n")}, format="multipart"
        )
    elif body == "question":
        response = client.post(url, {"set": ids["set"], **QUESTION_OF_EACH_TYPE[1]}, format="json")
    else:
        response = getattr(client, method)(url, fill(body, ids), format="json")

    assert response.status_code == status, getattr(response, "data", response.content)
    if schema_path is not None:  # the schema and its docs are not operations of the API
        assert status in documented_statuses[(schema_path, method)], f"{status} is not in the schema"
