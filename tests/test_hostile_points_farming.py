"""Points that cannot be farmed (docs/api-guide.md, "Points").

The attacks: a card flipped and rated Easy without answering earned full points; the
same card reviewed again 61 s later, not due, earned full points again; "Show answer"
and a reload served the same card with its answer seen.
"""

import datetime as dt

import pytest
from factories import api_client_for, make_listed
from study_helpers import right_answer

from quizzes.models import Card, Review
from quizzes.services.study import introduce_card

pytestmark = pytest.mark.django_db

NOW = dt.datetime.now(dt.UTC)


def review(client, card, **body):
    response = client.post("/api/study/reviews/", {"card": card.pk, **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["review"]


def test_a_flip_rated_easy_earns_half_of_a_right_answer_and_is_marked_self_graded(alice, tinas_set):
    client = api_client_for(alice)
    flipped_card = introduce_card(user=alice, question=tinas_set.questions.get(type="text"), now=NOW)
    typed_card = introduce_card(user=alice, question=tinas_set.questions.get(type="choice"), now=NOW)

    flipped = review(client, flipped_card, rating=4)
    typed = review(client, typed_card, answer=right_answer(typed_card.question), rating=4)

    assert flipped["self_graded"] and not typed["self_graded"]
    assert 0 < flipped["points"] <= typed["points"] // 2


def test_reviewing_a_card_again_before_it_is_due_earns_nothing(alice, tinas_set):
    make_listed(alice, "Alley")
    client = api_client_for(alice)
    card = introduce_card(user=alice, question=tinas_set.questions.get(type="choice"), now=NOW)
    answer = right_answer(card.question)

    first = review(client, card, answer=answer, rating=4)  # Easy: due in days
    again = [review(client, card, answer=answer, rating=4) for _ in range(3)]

    assert first["points"] > 0
    assert [repeat["points"] for repeat in again] == [0, 0, 0]
    leaderboard = client.get(f"/api/sets/{tinas_set.pk}/leaderboard/").json()
    assert leaderboard[0]["points"] == first["points"]


def test_show_answer_then_a_reload_shows_the_answer_not_the_question(client, alice, tinas_set):
    client.force_login(alice)
    study = f"/sets/{tinas_set.pk}/study/"
    card = client.get(study).context["card"]

    client.post(study, {"card": card.pk, "client_id": "f1", "action": "flip"})
    reloaded = client.get(study)

    assert reloaded.context["phase"] == "feedback" and reloaded.context["card"].pk == card.pk
    page = reloaded.content.decode()
    assert 'data-phase="question"' not in page and "Self-graded" in page
    assert Card.objects.get(pk=card.pk).revealed_at is not None


def test_the_grade_after_show_answer_is_self_graded_even_with_an_answer_sent(client, alice, tinas_set):
    client.force_login(alice)
    study = f"/sets/{tinas_set.pk}/study/"
    card = client.get(study).context["card"]
    client.post(study, {"card": card.pk, "client_id": "f1", "action": "flip"})

    body = api_client_for(alice).get("/api/study/next/", {"set": tinas_set.pk}).json()
    typed = review(api_client_for(alice), card, answer=right_answer(card.question))

    assert body["card"]["id"] == card.pk and body["card"]["answer_shown"] is True
    assert typed["self_graded"] and Review.objects.get().self_graded
    assert client.get(study).context["phase"] == "question"  # the next card is asked again
