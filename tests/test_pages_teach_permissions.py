"""Every teacher page × every role: students 403, another teacher 404, anonymous to login.

The cast: anonymous, alice (a student), tina (the set's teacher), tom (another
teacher), ada (an admin). Every POST is CSRF-checked.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from factories import authored_set

from accounts.models import User
from quizzes.models import Question, SchoolClass
from quizzes.services import classes

pytestmark = pytest.mark.django_db

CAST = ("anonymous", "alice", "tina", "tom", "ada")
# (method, path, body, statuses for anonymous, alice, tina, tom, ada); 302 for anonymous is the login page.
MATRIX = [
    ("get", "/teach/", None, (302, 403, 200, 200, 200)),
    ("get", "/teach/sets/new/", None, (302, 403, 200, 200, 200)),
    ("post", "/teach/sets/new/", {"title": "New"}, (302, 403, 302, 302, 302)),
    ("get", "/teach/sets/{set}/", None, (302, 403, 200, 404, 200)),
    ("get", "/teach/sets/{set}/edit/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/sets/{set}/edit/", {"title": "T"}, (302, 403, 302, 404, 302)),
    ("post", "/teach/sets/{set}/publish/", {"is_published": "1"}, (302, 403, 302, 404, 302)),
    ("get", "/teach/sets/{set}/delete/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/sets/{set}/delete/", None, (302, 403, 302, 404, 302)),
    ("get", "/teach/sets/{set}/questions/new/choice/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/sets/{set}/questions/new/true_false/", "question", (302, 403, 302, 404, 302)),
    ("get", "/teach/questions/{question}/edit/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/questions/{question}/edit/", "question", (302, 403, 302, 404, 302)),
    ("get", "/teach/questions/{question}/delete/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/questions/{question}/delete/", None, (302, 403, 302, 404, 302)),
    ("get", "/teach/sets/{set}/copy/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/sets/{set}/copy/", {"questions": "{copyable}"}, (302, 403, 302, 404, 302)),
    ("get", "/teach/sets/{set}/import/", None, (302, 403, 200, 404, 200)),
    ("get", "/teach/sets/{set}/export/csv/", None, (302, 403, 200, 404, 200)),
    ("get", "/teach/sets/{set}/results/", None, (302, 403, 200, 404, 200)),
    ("get", "/teach/classes/", None, (302, 403, 200, 200, 200)),
    ("post", "/teach/classes/", {"name": "New"}, (302, 403, 302, 302, 302)),
    ("get", "/teach/classes/{class}/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/classes/{class}/rename/", {"name": "R"}, (302, 403, 302, 404, 302)),
    ("post", "/teach/classes/{class}/members/", {"usernames": "alice"}, (302, 403, 302, 404, 302)),
    ("post", "/teach/classes/{class}/roster/", "roster", (302, 403, 302, 404, 302)),
    ("post", "/teach/classes/{class}/members/{member}/remove/", None, (302, 403, 302, 404, 302)),
    ("get", "/teach/classes/{class}/rotate/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/classes/{class}/rotate/", None, (302, 403, 302, 404, 302)),
    ("get", "/teach/classes/{class}/delete/", None, (302, 403, 200, 404, 200)),
    ("post", "/teach/classes/{class}/delete/", None, (302, 403, 302, 404, 302)),
]
TRUE_FALSE = {"kind": "place", "prompt": "Tabriz is in Iran.", "answer": "true"}


def client_for(user, *, enforce_csrf_checks=False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def cast(alice, tina, tom, ada):
    authored_set(owner=tom, title="Tom's published set", is_published=True)  # questions to copy from
    return {"anonymous": None, "alice": alice, "tina": tina, "tom": tom, "ada": ada}


def resolved(path: str, question_set) -> str:
    question = question_set.questions.get(type="true_false")
    copyable = Question.objects.exclude(question_set=question_set).order_by("pk").first()
    # tina's class, with alice in it (made once, by the first path that names it).
    school_class = SchoolClass.objects.filter(teacher=question_set.owner).first()
    if school_class is None:
        school_class = classes.create_class(teacher=question_set.owner, name="7A")
        if alice := User.objects.filter(username="alice").first():
            classes.join_class(user=alice, join_code=school_class.join_code)
    member = school_class.memberships.values_list("user_id", flat=True).first()
    return path.format(
        set=question_set.pk,
        question=question.pk,
        copyable=getattr(copyable, "pk", ""),
        member=member or 0,
        **{"class": school_class.pk},
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "statuses"), MATRIX, ids=[f"{m} {p}" for m, p, *_ in MATRIX]
)
@pytest.mark.parametrize("role", CAST)
def test_who_may_open_each_teacher_page(cast, tinas_set, role, method, path, body, statuses):
    client = client_for(cast[role])
    url = resolved(path, tinas_set)
    if body == "question":
        body = TRUE_FALSE
    elif body == "roster":
        body = {"file": SimpleUploadedFile("roster.csv", b"username\nalice\n", content_type="text/csv")}
    elif isinstance(body, dict):
        body = {key: resolved(value, tinas_set) for key, value in body.items()}

    response = getattr(client, method)(url, body) if body is not None else getattr(client, method)(url)

    expected = statuses[CAST.index(role)]
    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(("path", "body"), [(p, b) for m, p, b, _ in MATRIX if m == "post"])
def test_every_post_needs_the_csrf_token(tina, tinas_set, path, body):
    client = client_for(tina, enforce_csrf_checks=True)
    before = tinas_set.questions.count()

    response = client.post(resolved(path, tinas_set), TRUE_FALSE if body == "question" else {"title": "T"})

    assert response.status_code == 403
    assert tinas_set.questions.count() == before
    tinas_set.refresh_from_db()
    assert tinas_set.title == "Tina's dates" and tinas_set.is_published


def test_a_student_sees_no_my_sets_link(client, alice, tina):
    client.force_login(alice)
    assert "/teach/" not in client.get("/").content.decode()
    client.force_login(tina)
    assert 'href="/teach/"' in client.get("/").content.decode()
