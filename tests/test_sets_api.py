import pytest
from factories import api_client_for, generated_set

from quizzes.models import QuestionSet

pytestmark = pytest.mark.django_db


def test_students_see_published_sets_with_counts(alice, tinas_set, tinas_draft):
    generated = generated_set()

    body = api_client_for(alice).get("/api/sets/").json()

    listed = {item["title"]: item for item in body["results"]}
    assert set(listed) == {"A small war", "Tina's dates"}
    assert body["count"] == 2
    assert listed["Tina's dates"] == {
        "id": tinas_set.pk, "title": "Tina's dates", "description": "", "owner": "tina",
        "is_published": True, "visibility": "public", "question_count": 4,
    }  # fmt: skip
    assert listed["A small war"]["owner"] is None
    assert listed["A small war"]["question_count"] == generated.questions.count()


def test_owners_also_see_their_drafts_and_search_matches_titles(tina, tinas_set, tinas_draft):
    client = api_client_for(tina)

    assert {item["title"] for item in client.get("/api/sets/").json()["results"]} == {
        "Tina's dates",
        "Tina's draft",
    }
    assert [item["title"] for item in client.get("/api/sets/", {"search": "draft"}).json()["results"]] == [
        "Tina's draft"
    ]


def test_lists_are_paginated_with_a_page_size_capped_at_500(tina):
    QuestionSet.objects.bulk_create(QuestionSet(title=f"Set {n:03}", owner=tina) for n in range(520))
    client = api_client_for(tina)

    page = client.get("/api/sets/", {"page_size": 5, "page": 2}).json()
    huge = client.get("/api/sets/", {"page_size": 100000}).json()
    default = client.get("/api/sets/").json()

    assert page["count"] == 520 and len(page["results"]) == 5 and page["previous"] and page["next"]
    assert [item["title"] for item in page["results"]] == [f"Set {n:03}" for n in range(5, 10)]
    assert len(huge["results"]) == 500 and huge["next"]
    assert len(default["results"]) == 50


def test_a_teacher_creates_a_set(tina):
    response = api_client_for(tina).post("/api/sets/", {"title": "The 1911 ultimatum", "is_published": True})

    assert response.status_code == 201
    assert response.json()["owner"] == "tina" and response.json()["question_count"] == 0
    assert QuestionSet.objects.get(title="The 1911 ultimatum").owner == tina


def test_a_student_cannot_create_a_set(alice):
    response = api_client_for(alice).post("/api/sets/", {"title": "Mine"})

    assert response.status_code == 403
    assert not QuestionSet.objects.exists()


@pytest.mark.parametrize(
    "body", [{}, {"title": ""}, {"title": "x" * 201}, {"title": "ok", "is_published": "maybe"}]
)
def test_a_bad_set_is_a_400_naming_the_field(tina, body):
    response = api_client_for(tina).post("/api/sets/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()) & {"title", "is_published"}
    assert not QuestionSet.objects.exists()


def test_the_owner_edits_and_deletes_their_set(tina, tinas_set):
    client = api_client_for(tina)

    assert client.patch(f"/api/sets/{tinas_set.pk}/", {"title": "Renamed"}).json()["title"] == "Renamed"
    assert client.delete(f"/api/sets/{tinas_set.pk}/").status_code == 204
    assert not QuestionSet.objects.filter(pk=tinas_set.pk).exists()


def test_another_teacher_gets_403_on_a_published_set_and_404_on_a_draft(tom, tinas_set, tinas_draft):
    client = api_client_for(tom)

    assert client.patch(f"/api/sets/{tinas_set.pk}/", {"title": "Mine now"}).status_code == 403
    assert client.patch(f"/api/sets/{tinas_draft.pk}/", {"title": "Mine now"}).status_code == 404
    assert client.delete(f"/api/sets/{tinas_draft.pk}/").status_code == 404
    assert QuestionSet.objects.get(pk=tinas_set.pk).title == "Tina's dates"


def test_an_admin_edits_any_set(ada, tinas_draft):
    response = api_client_for(ada).patch(f"/api/sets/{tinas_draft.pk}/", {"is_published": True})

    assert response.status_code == 200 and response.json()["is_published"] is True
