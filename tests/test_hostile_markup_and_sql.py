"""SQL and HTML in titles, prompts, choices and answers: stored as text, shown escaped."""

import json

import pytest
from django.db import connection
from django.utils.html import escape
from factories import api_client_for
from test_security_headers import inline_code

from quizzes.models import AttemptAnswer, Question, QuestionSet, Review

pytestmark = pytest.mark.django_db

SQL = "'; DROP TABLE quizzes_question; --"
HTML = '<script>alert("owned")</script><img src=x onerror="alert(1)">'
HOSTILE_TITLE = f"{HTML} {SQL}"
HOSTILE_PROMPT = f"Who wrote {HTML}? {SQL}"
HOSTILE_CHOICE = f"<b onmouseover=alert(2)>Shuster</b> {SQL}"
OTHER_CHOICE = "Morgan Shuster's <i>Strangling of Persia</i>"


@pytest.fixture
def hostile_set(tina):
    """A set made through the API by a teacher, every text field loaded."""
    teacher = api_client_for(tina)
    made = teacher.post(
        "/api/sets/", {"title": HOSTILE_TITLE, "description": HTML, "is_published": True}, format="json"
    )
    assert made.status_code == 201
    question = teacher.post(
        "/api/questions/",
        {
            "set": made.json()["id"],
            "kind": "person",
            "type": "choice",
            "prompt": HOSTILE_PROMPT,
            "answer": HOSTILE_CHOICE,
            "choices": [HOSTILE_CHOICE, OTHER_CHOICE],
            "explanation": HTML,
        },
        format="json",
    )
    assert question.status_code == 201
    return QuestionSet.objects.get(pk=made.json()["id"])


def assert_shown_escaped(html: str, *texts: str) -> None:
    for text in texts:
        assert text not in html
        assert escape(text) in html
    assert inline_code(html).blocked == []  # no script, handler or style got through


def test_text_is_stored_and_served_exactly_as_sent(hostile_set, alice):
    question = hostile_set.questions.get()

    served = api_client_for(alice).get(f"/api/sets/{hostile_set.pk}/").json()

    assert (hostile_set.title, hostile_set.description) == (HOSTILE_TITLE, HTML)
    assert (question.prompt, question.answer, question.explanation) == (HOSTILE_PROMPT, HOSTILE_CHOICE, HTML)
    assert served["title"] == HOSTILE_TITLE
    assert Question.objects.count() == 1  # the table is there, and the DROP never ran
    assert "quizzes_question" in connection.introspection.table_names()


def test_a_search_for_sql_matches_the_text_and_nothing_else(hostile_set, tinas_set, alice):
    found = api_client_for(alice).get("/api/sets/", {"search": SQL}).json()
    tautology = api_client_for(alice).get("/api/sets/", {"search": "' OR '1'='1"}).json()

    assert [row["id"] for row in found["results"]] == [hostile_set.pk]
    assert tautology["results"] == []


def test_the_dashboard_and_set_page_show_the_title_escaped(client, alice, hostile_set):
    client.force_login(alice)

    dashboard = client.get("/").content.decode()
    set_page = client.get(f"/sets/{hostile_set.pk}/").content.decode()

    assert_shown_escaped(dashboard, HOSTILE_TITLE)
    assert_shown_escaped(set_page, HOSTILE_TITLE)


def test_the_study_page_shows_prompt_and_choices_escaped_and_feedback_too(client, alice, hostile_set):
    client.force_login(alice)

    question_page = client.get(f"/sets/{hostile_set.pk}/study/").content.decode()
    card = alice.cards.get()
    feedback = client.post(
        f"/sets/{hostile_set.pk}/study/",
        {"card": card.pk, "action": "answer", "answer": HOSTILE_CHOICE, "client_id": "c-1"},
    )

    graded = client.post(
        f"/sets/{hostile_set.pk}/study/",
        {
            "card": card.pk,
            "action": "grade",
            "given": json.dumps(HOSTILE_CHOICE),
            "rating": 3,
            "client_id": "c-1",
        },
    )

    assert_shown_escaped(question_page, HOSTILE_PROMPT, HOSTILE_CHOICE, OTHER_CHOICE)
    assert feedback.status_code == 200
    assert_shown_escaped(feedback.content.decode(), HOSTILE_PROMPT, HTML)
    assert graded.status_code == 302
    assert (Review.objects.get().answer, Review.objects.get().correct) == (HOSTILE_CHOICE, True)


def test_a_hostile_typed_answer_is_stored_verbatim_and_shown_escaped_in_the_quiz_result(
    client, alice, hostile_set
):
    student = api_client_for(alice)
    quiz = student.post("/api/quizzes/", {"set": hostile_set.pk, "size": 1}, format="json").json()
    question_id = quiz["questions"][0]["id"]
    student.put(
        f"/api/quizzes/{quiz['id']}/answers/{question_id}/", {"answer": HOSTILE_CHOICE}, format="json"
    )
    student.post(f"/api/quizzes/{quiz['id']}/submit/")
    client.force_login(alice)

    result_page = client.get(f"/quizzes/{quiz['id']}/").content.decode()

    assert AttemptAnswer.objects.get().given == HOSTILE_CHOICE
    assert AttemptAnswer.objects.get().correct is True
    assert_shown_escaped(result_page, HOSTILE_TITLE, HOSTILE_PROMPT, HOSTILE_CHOICE, HTML)


def test_a_refused_username_with_markup_is_shown_back_escaped(client):
    response = client.post("/signup/", {"username": HTML, "password": "tabriz-1909-snarsky"})

    assert response.status_code == 400
    assert_shown_escaped(response.content.decode(), HTML)
