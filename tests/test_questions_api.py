import datetime as dt

import pytest
from factories import QUESTION_OF_EACH_TYPE, api_client_for, authored_set, generated_set

from quizzes.models import Card, Question, Review
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db

ANSWER_FIELDS = {"answer", "accepted_answers", "explanation", "source"}


def post_question(user, **fields):
    return api_client_for(user).post("/api/questions/", fields, format="json")


@pytest.mark.parametrize("fields", QUESTION_OF_EACH_TYPE, ids=lambda f: f["type"])
def test_the_owner_adds_a_question_of_each_type(tina, tinas_set, fields):
    response = post_question(tina, set=tinas_set.pk, **fields)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["answer"] == fields["answer"]
    assert body["choices"] == fields.get("choices", [])
    assert body["accepted_answers"] == fields.get("accepted_answers", [])
    assert Question.objects.filter(question_set=tinas_set, prompt=fields["prompt"]).count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"answer": "1 May 1909"}, "answer", "not among the choices"),
        ({"choices": ["20 April 1909"], "answer": "20 April 1909"}, "choices", "at least 2 choices"),
        ({"choices": ["20 April 1909", "20 april 1909 "]}, "choices", "Choices must differ"),
        ({"prompt": "   "}, "prompt", "needs a prompt"),
        ({"kind": "weather"}, "kind", "must be one of"),
        ({"type": "essay"}, "type", "must be one of"),
        ({"choices": "20 April 1909"}, "choices", "list"),
    ],
)
def test_a_bad_choice_question_is_a_400_with_field_and_reason(tina, tinas_set, changes, field, reason):
    fields = {**QUESTION_OF_EACH_TYPE[0], **changes}

    response = post_question(tina, set=tinas_set.pk, **fields)

    assert response.status_code == 400
    assert reason in " ".join(response.json()[field])
    assert tinas_set.questions.count() == 4


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        (
            {**QUESTION_OF_EACH_TYPE[3], "answer": ["Ultimatum", "Occupation of Tabriz"]},
            "answer",
            "permutation",
        ),
        ({**QUESTION_OF_EACH_TYPE[3], "answer": "Ultimatum"}, "answer", "list of choices"),
        ({**QUESTION_OF_EACH_TYPE[2], "answer": "yes"}, "answer", "true or false"),
        ({**QUESTION_OF_EACH_TYPE[1], "answer": ""}, "answer", "needs the right answer"),
        ({**QUESTION_OF_EACH_TYPE[1], "choices": ["a", "b"]}, "choices", "no choices"),
    ],
)
def test_bad_order_true_false_and_text_questions_are_400s(tina, tinas_set, fields, field, reason):
    response = post_question(tina, set=tinas_set.pk, **fields)

    assert response.status_code == 400
    assert reason in " ".join(response.json()[field])
    assert tinas_set.questions.count() == 4


def test_students_and_other_teachers_get_the_student_view(alice, tom, tinas_set):
    for user in (alice, tom):
        body = api_client_for(user).get("/api/questions/", {"set": tinas_set.pk}).json()

        assert body["count"] == 4
        for question in body["results"]:
            assert set(question) == {"id", "set", "kind", "type", "prompt", "items", "choices"}
        order = next(q for q in body["results"] if q["type"] == "order")
        assert sorted(order["choices"]) == sorted(QUESTION_OF_EACH_TYPE[3]["answer"])  # in an order of
        # their own (tests/test_choice_order.py), which may be the right one


def test_the_owner_sees_answers_and_sources(tina, tinas_set):
    question = tinas_set.questions.get(type="text")

    body = api_client_for(tina).get(f"/api/questions/{question.pk}/").json()

    assert set(body) >= ANSWER_FIELDS
    assert body["accepted_answers"] == ["Lyakhov", "Ляхов"]


def test_questions_filter_by_set_kind_and_type(alice, tinas_set):
    generated = generated_set()
    client = api_client_for(alice)

    dates = client.get("/api/questions/", {"set": generated.pk, "kind": "date", "type": "order"}).json()

    assert dates["count"] == generated.questions.filter(kind="date", type="order").count() > 0
    assert {q["set"] for q in dates["results"]} == {generated.pk}
    assert client.get("/api/questions/", {"set": "x"}).status_code == 400


def test_a_question_in_a_draft_of_another_teacher_is_a_404(alice, tinas_draft):
    question = tinas_draft.questions.first()

    assert api_client_for(alice).get(f"/api/questions/{question.pk}/").status_code == 404
    assert api_client_for(alice).get("/api/questions/", {"set": tinas_draft.pk}).json()["count"] == 0


def test_editing_a_question_keeps_its_cards_and_history(tina, alice, tinas_set):
    question = tinas_set.questions.get(type="text")
    card = introduce_card(user=alice, question=question, now=dt.datetime.now(dt.UTC))
    review_card(user=alice, card_id=card.pk, answer="Liakhov")

    response = api_client_for(tina).patch(
        f"/api/questions/{question.pk}/", {"prompt": "Who led the Cossack Brigade?"}, format="json"
    )

    assert response.status_code == 200 and response.json()["prompt"] == "Who led the Cossack Brigade?"
    assert response.json()["accepted_answers"] == ["Lyakhov", "Ляхов"]  # untouched fields stay
    assert Card.objects.get(pk=card.pk).question_id == question.pk
    assert Review.objects.filter(card=card).count() == 1


def test_an_edit_that_breaks_a_rule_is_a_400_and_changes_nothing(tina, tinas_set):
    question = tinas_set.questions.get(type="choice")

    response = api_client_for(tina).patch(f"/api/questions/{question.pk}/", {"answer": "1066"}, format="json")

    assert response.status_code == 400 and "answer" in response.json()
    question.refresh_from_db()
    assert question.answer == "20 April 1909"


def test_a_question_cannot_move_to_another_set(tina, tinas_set, tinas_draft):
    question = tinas_set.questions.first()

    response = api_client_for(tina).patch(
        f"/api/questions/{question.pk}/", {"set": tinas_draft.pk}, format="json"
    )

    assert response.status_code == 400 and "set" in response.json()


def test_other_teachers_cannot_change_or_add_questions(tom, tinas_set, tinas_draft):
    client = api_client_for(tom)
    question = tinas_set.questions.first()

    assert (
        client.patch(f"/api/questions/{question.pk}/", {"prompt": "Mine"}, format="json").status_code == 403
    )
    assert client.delete(f"/api/questions/{question.pk}/").status_code == 403
    assert post_question(tom, set=tinas_set.pk, **QUESTION_OF_EACH_TYPE[1]).status_code == 403
    assert post_question(tom, set=tinas_draft.pk, **QUESTION_OF_EACH_TYPE[1]).status_code == 404
    assert tinas_set.questions.count() == 4


def test_the_owner_deletes_a_question(tina, tinas_set):
    question = tinas_set.questions.first()

    assert api_client_for(tina).delete(f"/api/questions/{question.pk}/").status_code == 204
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_teacher_copies_generated_questions_and_edits_the_copies(tina, tinas_draft):
    generated = generated_set()
    originals = list(generated.questions.filter(kind="person", type="text").order_by("pk")[:2])
    client = api_client_for(tina)

    response = client.post(
        f"/api/sets/{tinas_draft.pk}/copy/", {"questions": [q.pk for q in originals]}, format="json"
    )

    assert response.status_code == 201 and response.json()["created"] == 2
    copy = Question.objects.get(pk=response.json()["questions"][0])
    assert (copy.question_set, copy.prompt, copy.answer, copy.generator_key) == (
        tinas_draft,
        originals[0].prompt,
        originals[0].answer,
        "",
    )
    assert [a.text for a in copy.accepted_answers.all()] == [
        a.text for a in originals[0].accepted_answers.all()
    ]
    assert client.patch(f"/api/questions/{copy.pk}/", {"prompt": "Edited"}, format="json").status_code == 200
    assert Question.objects.get(pk=originals[0].pk).prompt != "Edited"


def test_a_whole_set_can_be_copied(tina, tinas_draft):
    generated = generated_set()

    response = api_client_for(tina).post(
        f"/api/sets/{tinas_draft.pk}/copy/", {"from_set": generated.pk}, format="json"
    )

    assert response.json()["created"] == generated.questions.count()
    assert tinas_draft.questions.count() == 4 + generated.questions.count()


def test_copying_nothing_visible_is_a_404_and_a_student_cannot_copy(tina, tom, alice, tinas_set):
    toms_draft = authored_set(owner=tom, title="Tom's draft", is_published=False)
    student = api_client_for(alice).post(f"/api/sets/{tinas_set.pk}/copy/", {"from_set": tinas_set.pk})
    hidden = api_client_for(tina).post(f"/api/sets/{tinas_set.pk}/copy/", {"from_set": toms_draft.pk})

    assert student.status_code == 403
    assert hidden.status_code == 404
    assert tinas_set.questions.count() == 4
