import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
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


PUBLIC = {"/api/auth/register/", "/api/auth/token/", "/api/auth/session/"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture(scope="module")
def operations(schema):
    return [
        (f"{method.upper()} {path}", path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_operation_documents_the_errors_it_can_answer(operations):
    """What the permission matrix cannot reach: 401 everywhere a login is needed, 400, 413
    and 415 wherever a body is read, 404 for a page past the end of a list."""
    missing = []
    for name, path, operation in operations:
        documented = set(operation["responses"])
        expected = set()
        if path not in PUBLIC:
            expected.add("401")
        if "requestBody" in operation:
            expected |= {"400", "413", "415"}
        if any(parameter["name"] == "page" for parameter in operation.get("parameters", [])):
            expected.add("404")
        if expected - documented:
            missing.append(f"{name}: {sorted(expected - documented)}")

    assert not missing, missing


def test_both_lists_are_paginated_in_the_schema(schema):
    for path in ("/api/sets/", "/api/questions/"):
        operation = schema["paths"][path]["get"]
        reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        page = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]

        assert {"page", "page_size"} <= {parameter["name"] for parameter in operation["parameters"]}
        assert set(page["properties"]) == {"count", "next", "previous", "results"}
