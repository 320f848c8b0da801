"""The question editor: every type, the authoring rules' messages at the field, edits
that keep a question's id (and history), deleting, and the set page's query count."""

import datetime as dt

import pytest
from django.utils.html import escape

from quizzes.models import Card, Question, Review
from quizzes.services import authoring
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db

GOOD = {
    "choice": {
        "kind": "date",
        "prompt": "When did the Russian army occupy Tabriz?",
        "choices": "20 April 1909\n24 June 1908\n\n16 July 1909",
        "answer": "20 April 1909",
        "explanation": "Snarsky entered Tabriz on 20 April 1909.",
    },
    "text": {
        "kind": "person",
        "prompt": "Who commanded the Persian Cossack Brigade?",
        "answer": "Vladimir Liakhov",
        "accepted_answers": "Lyakhov\nВладимир Ляхов",
    },
    "true_false": {"kind": "place", "prompt": "Sattar Khan defended Tabriz.", "answer": "false"},
    "order": {
        "kind": "date",
        "prompt": "Put these in order.",
        "choices": "Coup against the Majlis\nOccupation of Tabriz\nUltimatum",
    },
}


@pytest.mark.parametrize("question_type", GOOD)
def test_a_question_of_each_type_is_added(teacher, tinas_draft, question_type):
    form = teacher.get(f"/teach/sets/{tinas_draft.pk}/questions/new/{question_type}/")
    assert form.status_code == 200 and "<title>New question" in form.content.decode()

    response = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/questions/new/{question_type}/", GOOD[question_type]
    )

    question = tinas_draft.questions.order_by("pk").last()
    assert response.status_code == 302
    assert response["Location"] == f"/teach/sets/{tinas_draft.pk}/#question-{question.pk}"
    assert question.type == question_type and question.prompt == GOOD[question_type]["prompt"]


def test_each_type_is_stored_in_the_shape_the_api_uses(teacher, tinas_draft):
    for question_type, fields in GOOD.items():
        teacher.post(f"/teach/sets/{tinas_draft.pk}/questions/new/{question_type}/", fields)

    saved = {q.type: q for q in tinas_draft.questions.filter(prompt__in=[f["prompt"] for f in GOOD.values()])}
    assert [c.text for c in saved["choice"].choices.all()] == [
        "20 April 1909",
        "24 June 1908",
        "16 July 1909",
    ]
    assert saved["choice"].explanation == "Snarsky entered Tabriz on 20 April 1909."
    assert [a.text for a in saved["text"].accepted_answers.all()] == ["Lyakhov", "Владимир Ляхов"]
    assert saved["true_false"].answer is False
    assert saved["order"].answer == ["Coup against the Majlis", "Occupation of Tabriz", "Ultimatum"]


def test_add_and_write_another_returns_to_an_empty_form_of_the_same_type(teacher, tinas_draft):
    response = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/questions/new/text/", {**GOOD["text"], "then": "another"}
    )

    assert response["Location"] == f"/teach/sets/{tinas_draft.pk}/questions/new/text/"


# (type, fields changed from the good ones, field where the reason shows, the reason as the API gives it)
INVALID = [
    ("choice", {"answer": "1 May 1910"}, "answer", 'The answer "1 May 1910" is not among the choices.'),
    ("choice", {"choices": "Only one"}, "choices", "A choice question needs at least 2 choices."),
    ("choice", {"choices": "Tabriz\ntabriz", "answer": "Tabriz"}, "choices", "Choices must differ"),
    ("choice", {"prompt": "  "}, "prompt", "A question needs a prompt."),
    ("choice", {"kind": "weather"}, "kind", "must be one of date, person, place, other."),
    ("text", {"answer": ""}, "answer", "A text question needs the right answer."),
    ("true_false", {"answer": ""}, "answer", "A true/false question's answer is true or false."),
    ("order", {"choices": "Ultimatum"}, "choices", "An order question needs at least 2 choices."),
]


@pytest.mark.parametrize(("question_type", "changes", "field", "reason"), INVALID)
def test_the_authoring_rules_are_shown_beside_the_field_and_nothing_is_saved(
    teacher, tinas_draft, question_type, changes, field, reason
):
    before = Question.objects.count()

    page = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/questions/new/{question_type}/", {**GOOD[question_type], **changes}
    )

    assert page.status_code == 400
    assert Question.objects.count() == before
    body = page.content.decode()
    error = body.split(f'id="id_{field}_error"', 1)[1].split("</p>", 1)[0]
    assert escape(reason) in error
    assert page.context["form"][field].value() == {**GOOD[question_type], **changes}[field]  # kept as typed


def test_the_api_and_the_page_give_the_same_reason(teacher, tinas_draft):
    fields = {"kind": "date", "type": "choice", "prompt": "P", "answer": "C", "choices": ["A", "B"]}
    reason = authoring.question_errors(fields)["answer"][0]

    page = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/questions/new/choice/",
        {"kind": "date", "prompt": "P", "answer": "C", "choices": "A\nB"},
    )

    assert page.context["form"].errors["answer"] == [reason]


def test_an_unknown_type_is_not_found(teacher, tinas_draft):
    assert teacher.get(f"/teach/sets/{tinas_draft.pk}/questions/new/essay/").status_code == 404


def test_editing_keeps_the_id_and_the_students_history(teacher, tinas_set, alice):
    question = tinas_set.questions.get(type="text")
    card = introduce_card(user=alice, question=question, now=dt.datetime.now(dt.UTC))
    review_card(user=alice, card_id=card.pk, answer="Lyakhov")
    form = teacher.get(f"/teach/questions/{question.pk}/edit/")
    assert form.context["form"]["accepted_answers"].value() == "Lyakhov\nЛяхов"

    response = teacher.post(
        f"/teach/questions/{question.pk}/edit/",
        {"kind": "person", "prompt": "Who led the Cossacks in 1908?", "answer": "Vladimir Liakhov",
         "accepted_answers": "Lyakhov\nЛяхов\nLiakhoff"},
    )  # fmt: skip

    question.refresh_from_db()
    assert response.status_code == 302
    assert question.prompt == "Who led the Cossacks in 1908?"
    assert [a.text for a in question.accepted_answers.all()] == ["Lyakhov", "Ляхов", "Liakhoff"]
    assert Card.objects.get(pk=card.pk).question_id == question.pk
    assert Review.objects.filter(card=card).count() == 1


def test_an_order_question_is_edited_as_its_items_in_order(teacher, tinas_set):
    question = tinas_set.questions.get(type="order")
    form = teacher.get(f"/teach/questions/{question.pk}/edit/")
    assert (
        form.context["form"]["choices"].value() == "Coup against the Majlis\nOccupation of Tabriz\nUltimatum"
    )

    teacher.post(
        f"/teach/questions/{question.pk}/edit/",
        {
            "kind": "date",
            "prompt": "Order",
            "choices": "Ultimatum\nCoup against the Majlis\nOccupation of Tabriz",
        },
    )

    question.refresh_from_db()
    assert question.answer == ["Ultimatum", "Coup against the Majlis", "Occupation of Tabriz"]


def test_editing_a_choice_question_keeps_its_accepted_answers(teacher, tina, tinas_draft):
    question = authoring.create_question(
        question_set=tinas_draft,
        fields={"kind": "date", "type": "choice", "prompt": "When was the treaty signed?",
                "answer": "16 July 1913", "choices": ["16 July 1913", "1 May 1910"],
                "accepted_answers": ["15 July 1913"]},
    )  # fmt: skip

    teacher.post(
        f"/teach/questions/{question.pk}/edit/",
        {"kind": "date", "prompt": "When was it signed?", "answer": "16 July 1913",
         "choices": "16 July 1913\n1 May 1910\n3 March 1912"},
    )  # fmt: skip

    assert [a.text for a in question.accepted_answers.all()] == ["15 July 1913"]
    assert question.choices.count() == 3


def test_an_invalid_edit_changes_nothing(teacher, tinas_set):
    question = tinas_set.questions.get(type="choice")

    page = teacher.post(
        f"/teach/questions/{question.pk}/edit/",
        {"kind": "date", "prompt": "Changed", "answer": "Not a choice", "choices": "A\nB"},
    )

    question.refresh_from_db()
    assert page.status_code == 400
    assert question.prompt == "When did the Russian army occupy Tabriz?"
    assert question.choices.count() == 4


def test_deleting_a_question_asks_first(teacher, tinas_set):
    question = tinas_set.questions.get(type="true_false")

    confirm = teacher.get(f"/teach/questions/{question.pk}/delete/")
    assert confirm.status_code == 200 and Question.objects.filter(pk=question.pk).exists()

    response = teacher.post(f"/teach/questions/{question.pk}/delete/")

    assert response["Location"] == f"/teach/sets/{tinas_set.pk}/"
    assert not Question.objects.filter(pk=question.pk).exists()


def test_another_teachers_question_is_not_found(client, tom, tinas_set):
    client.force_login(tom)
    question = tinas_set.questions.get(type="text")

    assert client.get(f"/teach/questions/{question.pk}/edit/").status_code == 404
    assert client.post(f"/teach/questions/{question.pk}/edit/", GOOD["text"]).status_code == 404
    assert client.post(f"/teach/questions/{question.pk}/delete/").status_code == 404
    assert Question.objects.get(pk=question.pk).prompt == "Who commanded the Persian Cossack Brigade?"


def test_the_set_page_shows_answers_choices_and_accepted_answers(teacher, tinas_set):
    page = teacher.get(f"/teach/sets/{tinas_set.pk}/")

    body = page.content.decode()
    assert page.status_code == 200 and "<title>Tina&#x27;s dates · My sets" in body
    assert "20 April 1909 <strong>(right)</strong>" in body
    assert "<bdi>Ляхов</bdi>" in body
    assert "1. Coup against the Majlis; 2. Occupation of Tabriz; 3. Ultimatum" in body
    for question_type in GOOD:
        assert f'id="add-{question_type}"' in body


def test_the_set_page_takes_six_queries_whatever_the_number_of_questions(
    teacher, tinas_set, django_assert_num_queries
):
    with django_assert_num_queries(6):  # session, user, set, questions, choices, accepted answers
        teacher.get(f"/teach/sets/{tinas_set.pk}/")
    for number in range(10):
        authoring.create_question(
            question_set=tinas_set,
            fields={"kind": "other", "type": "choice", "prompt": f"Q{number}", "answer": "A",
                    "choices": ["A", "B", "C"], "accepted_answers": ["a."]},
        )  # fmt: skip

    with django_assert_num_queries(6):
        page = teacher.get(f"/teach/sets/{tinas_set.pk}/")
    assert len(page.context["questions"]) == 14
