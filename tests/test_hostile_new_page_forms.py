"""The page forms added for sources, classes, assignments and practice, spoilt with what no
person sends (no fields, huge or negative numbers, numbers too big for a column, text where
a number goes, markup, ids of nothing): never a 500, and never a change another user made
possible. Each form is sent by the user it is for."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from factories import fact_document, generated_set, make_user

from quizzes.models import Assignment, Membership, SchoolClass
from quizzes.services import sources

pytestmark = pytest.mark.django_db

SPOILT = ["", "x" * 20_000, "-1", "0", "99999999999999999999999", "1e309", "NaN", "<b>x</b>", "  ", "[]"]


@pytest.fixture
def world(tina, alice):
    source = sources.create_source(owner=tina, document=fact_document())
    question_set = sources.generate_set(source=source).question_set
    question_set.is_published = True
    question_set.save()
    school_class = SchoolClass.objects.create(teacher=tina, name="7A", join_code="ABCD-EFGH")
    Membership.objects.create(school_class=school_class, user=alice)
    assignment = Assignment.objects.create(
        school_class=school_class, question_set=question_set, kind="quiz", quiz_size=2,
        due_at=timezone.now() + timezone.timedelta(days=7),
    )  # fmt: skip
    practice_set = generated_set()
    return {
        "source": source.pk, "question": question_set.questions.first().pk, "class": school_class.pk,
        "assignment": assignment.pk, "alice": alice.pk, "set": question_set.pk, "practice": practice_set.pk,
    }  # fmt: skip


# who, url, the fields its form has (separated by spaces)
EDITOR = "action format source-slug people-count people-0-id people-0-side events-count events-0-date"
EDITOR += " events-0-open_ended events-0-other_dates events-0-participants statements-count"
EDITOR += " statements-0-about statements-0-wrong"
ASSIGNMENT = "question_set kind title due_at target target_reviews target_percent size kinds types"
ASSIGNMENT += " minutes attempts_allowed opens_at closes_at"
FORMS = [
    ("teacher", "/teach/sources/new/", "action title text"),
    ("teacher", "/teach/sources/new/", EDITOR),
    ("teacher", "/teach/sources/{source}/", EDITOR),
    ("teacher", "/teach/sources/{source}/generate/", ""),
    ("teacher", "/teach/sources/{source}/include/", "generator_key"),
    ("teacher", "/teach/sources/{source}/questions/{question}/exclude/", "page"),
    ("teacher", "/teach/classes/", "name"),
    ("teacher", "/teach/classes/{class}/rename/", "name"),
    ("teacher", "/teach/classes/{class}/members/", "usernames"),
    ("teacher", "/teach/classes/{class}/members/{alice}/remove/", ""),
    ("teacher", "/teach/classes/{class}/assignments/new/", ASSIGNMENT),
    ("student", "/classes/", "join_code"),
    ("student", "/join/ABCD-EFGH/", ""),
    ("student", "/assignments/{assignment}/quiz/", ""),
    ("student", "/sets/{practice}/match/", "with token pair left right"),
    ("student", "/sets/{practice}/match/check/", "with token left right"),
    ("student", "/sets/{practice}/timeline/", "token item position"),
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "url", "fields"), FORMS, ids=[f"{url} {fields[:2]}" for _, url, fields in FORMS]
)
def test_no_spoilt_field_of_a_new_page_form_is_a_500(world, tina, alice, who, url, fields):
    client = client_for(tina if who == "teacher" else alice)
    path = url.format(**world)

    answers = [client.post(path, {}).status_code]
    for value in SPOILT:
        answers.append(client.post(path, {field: value for field in fields}).status_code)
        for field in fields:
            answers.append(client.post(path, {field: [value, value]}).status_code)

    assert max(answers) < 500, answers


def test_uploads_of_anything_are_never_a_500(world, tina):
    client = client_for(tina)
    uploads = [
        SimpleUploadedFile("a.json", b"\xff\xfe\x00"),
        SimpleUploadedFile("a.json", b"[1, 2]"),
        SimpleUploadedFile("a.json", b'{"format": 2, "source": "x"}'),
        SimpleUploadedFile("a.xlsx", b"PK\x03\x04 not a zip"),
        SimpleUploadedFile("a.csv", b"\x00\x01,\x02"),
        SimpleUploadedFile("people.csv", b"id,name\n" + b"x," * 5000),
    ]
    answers = []
    for upload in uploads:
        upload.seek(0)
        answers.append(client.post("/teach/sources/upload/", {"file": upload}).status_code)
        upload.seek(0)
        answers.append(client.post(f"/teach/classes/{world['class']}/roster/", {"file": upload}).status_code)

    assert max(answers) < 500, answers
    assert sources.Source.objects.filter(owner=tina).count() == 1


def test_another_teachers_forms_change_nothing(world, tina):
    tom = client_for(make_user("tom", role="teacher"))

    answers = [
        tom.post(f"/teach/classes/{world['class']}/rename/", {"name": "Mine"}).status_code,
        tom.post(f"/teach/classes/{world['class']}/members/{world['alice']}/remove/").status_code,
        tom.post(f"/teach/sources/{world['source']}/", {"action": "save"}).status_code,
        tom.post(f"/teach/classes/{world['class']}/assignments/new/", {"kind": "study"}).status_code,
    ]

    assert answers == [404, 404, 404, 404]
    assert SchoolClass.objects.get(pk=world["class"]).name == "7A"
    assert Membership.objects.filter(school_class=world["class"]).count() == 1
