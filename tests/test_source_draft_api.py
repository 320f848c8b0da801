"""POST /api/sources/draft/ and GET /api/sources/template.xlsx: a teacher's first steps
towards an owned source, neither of which saves anything."""

import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import api_client_for
from openpyxl import load_workbook

from quizzes.facts.drafting import MAX_DRAFT_CHARACTERS
from quizzes.facts.validator import validate_fact_source
from quizzes.rate_limits import SourceDraftRateThrottle
from quizzes.transfer.fact_workbook import TEMPLATE_DOCUMENT, read_workbook

pytestmark = pytest.mark.django_db

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "hanseatic_league.txt"


def test_a_teacher_gets_a_draft_that_validates_and_nothing_is_written(tina):
    client = api_client_for(tina)
    text = ARTICLE.read_text(encoding="utf-8")

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/sources/draft/", {"title": "The Hanseatic League", "text": text}, format="json"
        )

    assert response.status_code == 200, response.data
    assert validate_fact_source(response.data) == []
    assert response.data["source"] == {
        "slug": "the-hanseatic-league",
        "title": "The Hanseatic League",
        "text": text.strip(),  # kept with the source, which its sentences quote
    }
    assert "Johann Wittenborg" in [person["name"] for person in response.data["people"]]
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text": "In 1361 Valdemar IV captured Visby."}, "title", "This field is required."),
        (
            {"title": "", "text": "In 1361 Valdemar IV captured Visby."},
            "title",
            "This field may not be blank.",
        ),
        ({"title": "Visby"}, "text", "This field is required."),
        ({"title": "Visby", "text": ""}, "text", "This field may not be blank."),
        ({"title": "Visby", "text": "  \n  "}, "text", "Paste the text of an article to draft from."),
        ({"title": "Visby", "text": 1361}, "text", "Not a valid string."),
    ],
)
def test_bad_input_is_a_400_naming_the_field(tina, body, field, message):
    response = api_client_for(tina).post("/api/sources/draft/", body, format="json")

    assert response.status_code == 400
    assert response.data[field] == [message]


def test_a_text_over_the_limit_is_a_400_saying_the_limit(tina):
    body = {"title": "Long", "text": "x" * (MAX_DRAFT_CHARACTERS + 1)}

    response = api_client_for(tina).post("/api/sources/draft/", body, format="json")

    assert response.status_code == 400
    assert "100,000 characters" in response.data["text"][0]


def test_drafts_are_rated_per_teacher(tina, tom, monkeypatch):
    monkeypatch.setattr(SourceDraftRateThrottle, "rate", "2/hour", raising=False)
    body = {"title": "Visby", "text": "In 1361 Valdemar IV captured Visby."}
    client = api_client_for(tina)

    statuses = [client.post("/api/sources/draft/", body, format="json").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert api_client_for(tom).post("/api/sources/draft/", body, format="json").status_code == 200


def test_the_template_downloads_as_a_workbook_that_loads(tina):
    response = api_client_for(tina).get("/api/sources/template.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="fact-source-template.xlsx"'
    assert read_workbook(response.content) == TEMPLATE_DOCUMENT
    assert "Instructions" in load_workbook(io.BytesIO(response.content), read_only=True).sheetnames
