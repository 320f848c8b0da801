"""Import (CSV or GIFT, all or nothing) and export buttons on the teacher pages."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import Question

pytestmark = pytest.mark.django_db

HEADER = "kind,type,prompt,answer,choices,accepted_answers,explanation\n"
GOOD_ROWS = (
    "person,choice,Who took Northtown?,Anna Ivanova,Anna Ivanova | Boris Petrov,,\n"
    "date,text,When did the councils meet?,1908,,in 1908,They met in 1908.\n"
)
GIFT = "::Tabriz::Tabriz lies in Azerbaijan.{T}\n\nWho led the Cossack Brigade in 1908? {=Liakhov =Lyakhov}\n"


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_a_csv_file_is_imported(teacher, tinas_draft):
    before = tinas_draft.questions.count()

    response = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/import/", {"file": upload("q.csv", HEADER + GOOD_ROWS)}
    )

    assert response.status_code == 302 and response["Location"] == f"/teach/sets/{tinas_draft.pk}/"
    assert tinas_draft.questions.count() == before + 2
    assert "Imported 2 questions." in teacher.get(response["Location"]).content.decode()


def test_a_gift_file_is_imported(teacher, tinas_draft):
    teacher.post(f"/teach/sets/{tinas_draft.pk}/import/", {"file": upload("moodle.gift", GIFT)})

    imported = tinas_draft.questions.get(prompt="Tabriz lies in Azerbaijan.")
    assert imported.type == "true_false" and imported.answer is True


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed_at_the_file_field(teacher, tinas_draft):
    bad = (
        HEADER
        + GOOD_ROWS
        + "person,choice,Who held the fort?,Cyrus Karimi,Anna Ivanova | Boris Petrov,,\n"
        + "weather,text,Was it cold?,yes,,,\n"
    )
    before = Question.objects.count()

    page = teacher.post(f"/teach/sets/{tinas_draft.pk}/import/", {"file": upload("q.csv", bad)})

    assert page.status_code == 400
    assert Question.objects.count() == before
    errors = page.context["form"].errors["file"]
    assert errors == [
        'Row 4: answer — The answer "Cyrus Karimi" is not among the choices.',
        "Row 5: kind — must be one of date, person, place, other.",
    ]
    assert 'id="id_file_error"' in page.content.decode() and 'id="id_file_error_2"' in page.content.decode()


def test_an_unreadable_gift_question_is_named_by_its_number(teacher, tinas_draft):
    page = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/import/", {"file": upload("q.gift", GIFT + "\nBroken {=\n")}
    )

    assert page.status_code == 400
    assert all(error.startswith("Question 3:") for error in page.context["form"].errors["file"])


def test_a_file_of_another_format_is_refused(teacher, tinas_draft):
    page = teacher.post(f"/teach/sets/{tinas_draft.pk}/import/", {"file": upload("q.xlsx", "PK")})

    assert page.status_code == 400
    assert "Import reads CSV (.csv) and Moodle GIFT" in page.context["form"].errors["file"][0]


def test_no_file_is_refused_beside_the_field(teacher, tinas_draft):
    page = teacher.post(f"/teach/sets/{tinas_draft.pk}/import/", {})

    assert page.status_code == 400 and page.context["form"].errors["file"] == ["This field is required."]


@pytest.mark.parametrize(
    ("file_format", "content_type", "filename"),
    [
        ("csv", "text/csv; charset=utf-8", "tinas-dates.csv"),
        ("json", "application/json", "tinas-dates.json"),
        ("gift", "text/plain; charset=utf-8", "tinas-dates.gift.txt"),
        ("apkg", "application/octet-stream", "tinas-dates.apkg"),
    ],
)
def test_each_export_button_downloads_a_file(teacher, tinas_set, file_format, content_type, filename):
    response = teacher.get(f"/teach/sets/{tinas_set.pk}/export/{file_format}/")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert (
        f'href="/teach/sets/{tinas_set.pk}/export/{file_format}/"'
        in teacher.get(f"/teach/sets/{tinas_set.pk}/").content.decode()
    )


def test_the_exported_json_holds_every_question(teacher, tinas_set):
    body = json.loads(teacher.get(f"/teach/sets/{tinas_set.pk}/export/json/").content)

    assert len(body["questions"]) == 4


def test_the_exported_apkg_is_a_zip(teacher, tinas_set):
    content = teacher.get(f"/teach/sets/{tinas_set.pk}/export/apkg/").content

    assert zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_an_unknown_export_format_is_not_found(teacher, tinas_set):
    assert teacher.get(f"/teach/sets/{tinas_set.pk}/export/xlsx/").status_code == 404
