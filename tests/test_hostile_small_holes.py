"""The smaller holes the outside attack found, each replayed (issue 9, item 13)."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from factories import api_client_for
from rest_framework.test import APIClient

from accounts.models import User
from quizzes.models import Attempt

pytestmark = pytest.mark.django_db
PASSWORD = "tabriz-1909-snarsky"


def register(username: str):
    return APIClient().post(
        "/api/auth/register/", {"username": username, "password": PASSWORD}, format="json"
    )


@pytest.mark.parametrize(
    "look_alike",
    ["\u0410lice", "alic\u0435", "\uff21\uff4c\uff49\uff43\uff45", "ALICE"],
    ids=["cyrillic-A", "cyrillic-e", "full-width", "upper-case"],
)
def test_a_username_that_looks_like_a_taken_one_is_refused(look_alike):
    assert register("Alice").status_code == 201

    response = register(look_alike)

    assert response.status_code == 400 and list(response.json()) == ["username"]
    assert User.objects.count() == 1


def test_names_in_other_scripts_are_welcome_and_told_apart():
    statuses = [register(name).status_code for name in ["سارا", "Нина", "нино", "Sara"]]

    assert statuses == [201, 201, 201, 201]


def test_the_admin_refuses_a_look_alike_username_too(client):
    User.objects.create_user("alice", password=PASSWORD)
    client.force_login(User.objects.create_superuser("root", "root@example.com", PASSWORD))

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "\u0430lice",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "student",
        },
    )

    assert response.status_code == 200 and "looks the same" in response.content.decode()
    assert User.objects.count() == 2


@pytest.mark.parametrize("field", ["kinds", "types"])
def test_a_quiz_takes_each_kind_and_type_once_not_a_hundred_thousand(alice, tinas_set, field):
    client = api_client_for(alice)
    value = "date" if field == "kinds" else "choice"

    flood = client.post("/api/quizzes/", {"set": tinas_set.pk, field: [value] * 100_000}, format="json")
    repeated = client.post("/api/quizzes/", {"set": tinas_set.pk, field: [value] * 3}, format="json")

    assert flood.status_code == 400 and list(flood.json()) == [field]
    assert repeated.status_code == 201
    assert getattr(Attempt.objects.get(), field) == [value]


def test_every_list_a_client_sends_is_bounded():
    """The class of the bug: every array in a request body of the schema has a maxItems."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    unbounded = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        if name.endswith("Request")
        for field, spec in component.get("properties", {}).items()
        if spec.get("type") == "array" and "maxItems" not in spec
    ]

    assert unbounded == []


@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_url_under_api_is_json_in_every_mode(settings, alice, debug):
    settings.DEBUG = debug
    client = Client()
    client.force_login(alice)

    response = client.get("/api/no/such/thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json" and response.json() == {"detail": "Not found."}


def test_the_generated_sets_owner_is_null_and_the_schema_says_it_may_be(alice, question_set):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    listed = api_client_for(alice).get("/api/sets/").json()["results"]

    assert [row["owner"] for row in listed if row["id"] == question_set.pk] == [None]
    assert schema["components"]["schemas"]["QuestionSet"]["properties"]["owner"]["nullable"] is True
