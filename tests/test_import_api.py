"""POST /api/sets/{id}/import/: the 400 a teacher gets for a bad file names the rows and reasons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import api_client_for

from quizzes.services.authoring import create_set
from quizzes.transfer import MAX_IMPORT_BYTES

pytestmark = pytest.mark.django_db

HEADER = "kind,type,prompt,answer,choices,accepted_answers,explanation\n"
GOOD = "person,choice,Who took Tabriz?,Snarsky,Snarsky|Liakhov,,\n"


@pytest.fixture
def empty_set(tina):
    return create_set(owner=tina, title="Imported")


def upload(user, question_set, name: str, content: bytes):
    return api_client_for(user).post(
        f"/api/sets/{question_set.pk}/import/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_invalid_rows_are_named_by_number_with_their_field_and_reason_and_nothing_is_saved(tina, empty_set):
    content = (
        HEADER
        + GOOD
        + "person,choice,Who?,Sattar Khan,Snarsky|Liakhov,,\n"
        + GOOD
        + "place,true_false,Tabriz is in Gilan.,maybe,,,\n"
        + "other,text,,an answer,,,\n"
    )

    response = upload(tina, empty_set, "questions.csv", content.encode())

    assert response.status_code == 400
    rows = response.json()["rows"]
    assert set(rows) == {"5"}  # rows that cannot be read come first; the rules once all read
    assert "maybe" in rows["5"][0]
    assert not empty_set.questions.exists()


def test_rows_breaking_the_question_rules_are_all_named(tina, empty_set):
    content = (
        HEADER + GOOD + "person,choice,Who?,Sattar Khan,Snarsky|Liakhov,,\n" + GOOD + "other,text,,x,,,\n"
    )

    response = upload(tina, empty_set, "questions.csv", content.encode())

    assert response.status_code == 400
    assert response.json() == {
        "rows": {
            "3": {"answer": ['The answer "Sattar Khan" is not among the choices.']},
            "5": {"prompt": ["A question needs a prompt."]},
        }
    }
    assert not empty_set.questions.exists()


def test_gift_questions_are_named_by_their_place_in_the_file(tina, empty_set):
    content = (
        "::Q1:: Who took Tabriz? {=Snarsky ~Liakhov}\n\n::Q2:: Who? {=Sattar Khan =Baqir Khan ~Liakhov}\n"
    )

    response = upload(tina, empty_set, "questions.gift", content.encode())

    assert response.status_code == 400
    assert list(response.json()["rows"]) == ["2"]
    assert not empty_set.questions.exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("questions.csv", b"kind,prompt\nperson,Who?\n", "Missing columns"),
        ("questions.csv", HEADER.encode(), "no questions"),
        ("questions.csv", "person,text,Qui?,Liakhov\u00e9".encode("cp1252"), "not UTF-8"),
        ("questions.xlsx", b"PK\x03\x04", "CSV"),
        ("questions.csv", HEADER.encode() + b" " * MAX_IMPORT_BYTES, "larger than 5 MB"),
    ],
    ids=["columns", "empty", "encoding", "spreadsheet", "too large"],
)
def test_a_file_that_cannot_be_read_is_a_400_under_file(tina, empty_set, name, content, reason):
    response = upload(tina, empty_set, name, content)

    assert response.status_code == 400
    assert set(response.json()) == {"file"}
    assert reason in " ".join(response.json()["file"])


def test_no_file_is_a_400_under_file(tina, empty_set):
    response = api_client_for(tina).post(f"/api/sets/{empty_set.pk}/import/", {}, format="multipart")

    assert response.status_code == 400 and "file" in response.json()
