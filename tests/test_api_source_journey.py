"""The teacher's path from a text to a published set, through the API alone: draft a source
from an article of another subject, correct the draft, save it, generate, exclude two
questions, publish; then a student finds the set and studies a card of it."""

from pathlib import Path

import pytest
from factories import api_client_for

pytestmark = pytest.mark.django_db

ARTICLE = (Path(__file__).resolve().parent / "fixtures" / "meiji_restoration.txt").read_text()


def test_from_a_text_to_a_set_a_student_studies(tina, alice):
    teacher = api_client_for(tina)

    draft = teacher.post("/api/sources/draft/", {"title": "The Meiji Restoration", "text": ARTICLE})
    assert draft.status_code == 200, draft.content
    document = draft.json()
    document["people"][0]["role"] = "leader of the imperial army"  # the teacher's correction
    document["people"][0]["side"] = "nobody"  # and a slip, refused with its path
    refused = teacher.post("/api/sources/", document)
    assert refused.status_code == 400
    assert refused.json()["errors"] == ['people[0].side: "nobody" is not a side id']
    document["people"][0]["side"] = "unsorted"
    created = teacher.post("/api/sources/", document)
    assert created.status_code == 201, created.content
    source_id = created.json()["id"]

    generated = teacher.post(f"/api/sources/{source_id}/generate/")
    assert generated.status_code == 200 and generated.json()["created"] > 10
    set_id = generated.json()["set"]
    questions = teacher.get("/api/questions/", {"set": set_id, "page_size": 100}).json()["results"]
    for question in questions[:2]:
        excluded = teacher.post(f"/api/sources/{source_id}/exclusions/", {"question": question["id"]})
        assert excluded.status_code == 201, excluded.content
    again = teacher.post(f"/api/sources/{source_id}/generate/").json()
    assert again["excluded"] == 2 and again["created"] == 0

    student = api_client_for(alice)
    assert student.get(f"/api/sets/{set_id}/").status_code == 404  # not published yet
    published = teacher.patch(f"/api/sets/{set_id}/", {"is_published": True})
    assert published.status_code == 200 and published.json()["is_published"] is True

    upcoming = student.get("/api/study/next/", {"set": set_id}).json()
    card = upcoming["card"]
    assert card is not None and card["question"]["id"] not in {q["id"] for q in questions[:2]}
    review = student.post("/api/study/reviews/", {"card": card["id"], "rating": 3})
    assert review.status_code == 201 and review.json()["review"]["self_graded"] is True
    assert student.get("/api/sources/").status_code == 403  # students never see sources
