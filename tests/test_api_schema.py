import pytest
from django.core.management import call_command
from factories import api_client_for

pytestmark = pytest.mark.django_db


def test_the_schema_is_served_and_valid(tmp_path):
    response = api_client_for(None).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/study/next/",
        "/api/quizzes/{id}/submit/",
        "/api/sets/{id}/import/",
        "/api/auth/token/",
    ):
        assert path in schema["paths"]
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_interactive_docs_are_served_without_a_cdn():
    response = api_client_for(None).get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"cdn.jsdelivr" not in response.content
