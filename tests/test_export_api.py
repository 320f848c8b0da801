"""Export and import through HTTP, as a teacher's browser or script does it.

`?format=` is also DRF's renderer switch; these tests make sure it names the file format.
"""

import pytest
from anki.collection import Collection, ImportAnkiPackageRequest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import api_client_for, generated_set
from test_round_trip import questions_as_fields

from quizzes.services.authoring import create_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(ada):
    return generated_set()


def export(user, question_set, export_format):
    return api_client_for(user).get(f"/api/sets/{question_set.pk}/export/", {"format": export_format})


@pytest.mark.parametrize(
    ("export_format", "content_type", "filename", "starts_with"),
    [
        ("csv", "text/csv; charset=utf-8", "a-small-war.csv", "\ufeffkind,type,prompt".encode()),
        ("json", "application/json", "a-small-war.json", b"{"),
        ("gift", "text/plain; charset=utf-8", "a-small-war.gift.txt", b"// A small war"),
        ("apkg", "application/octet-stream", "a-small-war.apkg", b"PK"),
    ],
)
def test_every_format_downloads_as_a_file(ada, generated, export_format, content_type, filename, starts_with):
    response = export(ada, generated, export_format)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(starts_with)


def test_without_a_format_the_download_is_csv(ada, generated):
    response = api_client_for(ada).get(f"/api/sets/{generated.pk}/export/")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("export_format", ["xlsx", ""])
def test_an_unknown_format_is_a_400_in_json_naming_the_formats(ada, generated, export_format):
    response = export(ada, generated, export_format)

    assert response.status_code == 400
    assert response.json() == {"format": ["must be one of csv, json, gift, apkg."]}


def test_the_downloaded_package_opens_in_anki(ada, generated, tmp_path):
    package = tmp_path / "download.apkg"
    package.write_bytes(export(ada, generated, "apkg").content)
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(package)))

        assert collection.note_count() == generated.questions.count()
    finally:
        collection.close()


@pytest.mark.parametrize("export_format", ["csv", "gift"])
def test_a_set_downloaded_and_uploaded_again_has_the_same_questions(tina, ada, generated, export_format):
    download = export(ada, generated, export_format)
    filename = download["Content-Disposition"].split('"')[1]
    copy = create_set(owner=tina, title="Round trip")

    upload = api_client_for(tina).post(
        f"/api/sets/{copy.pk}/import/",
        {"file": SimpleUploadedFile(filename, download.content)},
        format="multipart",
    )

    assert upload.status_code == 201
    assert upload.json() == {"created": generated.questions.count()}
    assert questions_as_fields(copy) == questions_as_fields(generated)
