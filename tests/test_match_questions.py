"""Match questions: items, each matched with one choice (Moodle's matching question), written
by a teacher, generated from a source's statements, answered through the API and the pages."""

import datetime as dt

import pytest
from factories import MATCH_QUESTION, api_client_for

from quizzes.answers import answer_shape_error, is_correct
from quizzes.models import Question
from quizzes.services.authoring import create_question
from quizzes.services.study import introduce_card

pytestmark = pytest.mark.django_db


def check(given):
    return is_correct(given, question_type="match", kind="other", answer=MATCH_QUESTION["answer"])


def test_a_match_is_right_only_with_every_item_matched_rightly():
    assert check(MATCH_QUESTION["answer"])
    assert check([" the majlis was DISPERSED", "Russia invaded Iran", "Tabriz was occupied."])
    assert not check(["Russia invaded Iran", "The Majlis was dispersed", "Tabriz was occupied"])
    assert not check(MATCH_QUESTION["answer"][:2])
    assert answer_shape_error("Russia invaded Iran", question_type="match") == (
        "expected a list of strings for a match question"
    )


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"items": ["Only one"]}, "items", "at least 2 items"),
        ({"items": ["A", "a", "B"]}, "items", "Items must differ"),
        ({"choices": ["Russia invaded Iran", "The Majlis was dispersed"]}, "choices", "one choice per item"),
        ({"answer": ["Russia invaded Iran"] * 3}, "answer", "every choice exactly once"),
        ({"answer": "Russia invaded Iran"}, "answer", "the choice matching each item"),
        ({"type": "choice", "answer": "Russia invaded Iran"}, "items", "Only a match question has items"),
    ],
)
def test_a_bad_match_question_is_a_400_naming_the_field(tina, tinas_set, changes, field, reason):
    body = {"set": tinas_set.pk, **MATCH_QUESTION, **changes}

    response = api_client_for(tina).post("/api/questions/", body, format="json")

    assert response.status_code == 400, response.json()
    assert reason in " ".join(response.json()[field])
    assert not tinas_set.questions.filter(
        type__in=["match", "choice"], prompt=MATCH_QUESTION["prompt"]
    ).exists()


def test_a_student_sees_the_items_and_shuffled_choices_but_never_the_answer(tina, alice, tinas_set):
    created = api_client_for(tina).post(
        "/api/questions/", {"set": tinas_set.pk, **MATCH_QUESTION}, format="json"
    )
    assert created.status_code == 201, created.json()

    shown = api_client_for(alice).get(f"/api/questions/{created.json()['id']}/").json()

    assert shown["items"] == MATCH_QUESTION["items"]
    assert sorted(shown["choices"]) == sorted(MATCH_QUESTION["answer"])
    assert "answer" not in shown and "explanation" not in shown


def test_a_review_through_the_api_grades_the_list_of_matches(alice, tinas_set):
    question = create_question(question_set=tinas_set, fields=MATCH_QUESTION)
    card = introduce_card(user=alice, question=question, now=dt.datetime.now(dt.UTC))
    client = api_client_for(alice)

    wrong = client.post(
        "/api/study/reviews/",
        {"card": card.pk, "answer": list(reversed(MATCH_QUESTION["answer"]))},
        format="json",
    )
    assert wrong.status_code == 201 and wrong.json()["review"]["correct"] is False
    assert wrong.json()["review"]["correct_answer"] == MATCH_QUESTION["answer"]
    shaped_wrongly = client.post("/api/study/reviews/", {"card": card.pk, "answer": "Russia"}, format="json")
    assert shaped_wrongly.status_code == 400


def study_page_with_match(client, alice, tinas_set):
    Question.objects.filter(question_set=tinas_set).exclude(type="match").delete()
    question = create_question(question_set=tinas_set, fields=MATCH_QUESTION)
    client.force_login(alice)
    page = client.get(f"/sets/{tinas_set.pk}/study/")
    assert page.context["card"].question == question
    return page, question


def test_the_study_page_matches_each_item_from_a_list_of_the_choices(client, alice, tinas_set):
    page, question = study_page_with_match(client, alice, tinas_set)
    html = page.content.decode()
    for number, item in enumerate(MATCH_QUESTION["items"], start=1):
        assert f'for="pair-{question.pk}-{number}"' in html and item in html
    assert html.count('name="pair"') == 3

    answered = client.post(
        f"/sets/{tinas_set.pk}/study/",
        {"card": page.context["card"].pk, "action": "answer", "pair": MATCH_QUESTION["answer"]},
    )

    assert answered.status_code == 200 and answered.context["correct"] is True
    assert "What came of the coup of 1908? → The Majlis was dispersed" in answered.content.decode()


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["The Majlis was dispersed", "", "Tabriz was occupied"], "Match every item with a choice."),
        (
            ["The Majlis was dispersed", "The Majlis was dispersed", "Tabriz was occupied"],
            "Use each choice once.",
        ),
    ],
)
def test_an_unmatched_item_or_a_choice_used_twice_is_shown_again_with_the_picks(
    client, alice, tinas_set, pairs, message
):
    page, _ = study_page_with_match(client, alice, tinas_set)

    refused = client.post(
        f"/sets/{tinas_set.pk}/study/", {"card": page.context["card"].pk, "action": "answer", "pair": pairs}
    )

    assert refused.status_code == 400
    html = refused.content.decode()
    assert message in html
    assert html.count('<option value="Tabriz was occupied" selected>') == 1
    assert not page.context["card"].reviews.exists()


def test_a_teacher_writes_a_match_question_on_the_page(client, tina, tinas_set):
    client.force_login(tina)
    form = client.get(f"/teach/sets/{tinas_set.pk}/questions/new/match/")
    assert form.status_code == 200 and "Items to match" in form.content.decode()

    saved = client.post(
        f"/teach/sets/{tinas_set.pk}/questions/new/match/",
        {
            "kind": "other",
            "prompt": "Match each ruler with his country.",
            "items": "Nicholas II\nMohammad Ali Shah",
            "choices": "Russia\nPersia",
        },
    )

    assert saved.status_code == 302
    question = tinas_set.questions.get(type="match")
    assert (question.items, question.answer) == (["Nicholas II", "Mohammad Ali Shah"], ["Russia", "Persia"])
