import re
import zoneinfo

import pytest
from factories import generated_set

from quizzes.models import Card, Question, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_set():
    return generated_set()


@pytest.fixture
def student(client, alice):
    client.force_login(alice)
    return client


def test_the_welcome_page_invites_to_sign_up(client):
    page = client.get("/")

    assert page.status_code == 200
    assert b"Sign up" in page.content and b"<title>Welcome" in page.content


def test_signing_up_logs_in_and_shows_the_dashboard(client, question_set):
    response = client.post("/signup/", {"username": "sara", "password": "tabriz-1909-snarsky"}, follow=True)

    assert response.status_code == 200
    assert response.context["user"].username == "sara"
    assert b"A small war" in response.content


def test_a_weak_password_is_shown_beside_the_field(client):
    page = client.post("/signup/", {"username": "sara", "password": "12345678"})

    assert page.status_code == 400
    assert "This password is too common." in page.content.decode()
    assert not page.context["user"].is_authenticated


def test_login_goes_through_the_lockout(client, alice):
    for _ in range(5):
        assert client.post("/login/", {"username": "alice", "password": "wrong"}).status_code == 400

    locked = client.post("/login/", {"username": "alice", "password": "correct-horse-battery-9"})

    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()


def test_the_dashboard_shows_what_is_due_per_set(student, question_set):
    page = student.get("/")

    assert page.status_code == 200
    assert re.search(rb"<strong>20</strong> new", page.content)


def test_studying_a_card_answer_feedback_grade(student, alice, question_set):
    page = student.get(f"/sets/{question_set.pk}/study/")
    card = page.context["card"]
    question = card.question
    assert page.status_code == 200 and page.context["phase"] == "question"
    assert (
        str(question.answer) not in page.content.decode().split('id="prompt"')[1] or question.type != "text"
    )

    form = {"card": card.pk, "client_id": page.context["client_id"], "action": "answer"}
    form.update(answer_form(question, right=True))
    feedback = student.post(f"/sets/{question_set.pk}/study/", form)

    assert feedback.context["phase"] == "feedback" and feedback.context["correct"] is True
    assert b"Right." in feedback.content
    assert question.source_text.encode() in feedback.content.replace(b"&#x27;", b"'")
    assert [g["enabled"] for g in feedback.context["grades"]] == [True, True, True, True]
    assert not Review.objects.exists()  # nothing recorded until graded

    grade = {"action": "grade", "card": card.pk, "client_id": form["client_id"], "rating": 4,
             "given": feedback.context["given_json"]}  # fmt: skip
    student.post(f"/sets/{question_set.pk}/study/", grade)
    student.post(f"/sets/{question_set.pk}/study/", grade)  # a double submit

    review = Review.objects.get()
    assert (review.rating, review.correct) == (4, True)


def test_a_wrong_answer_only_offers_again(student, question_set):
    page = student.get(f"/sets/{question_set.pk}/study/")
    card = page.context["card"]

    feedback = student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "c1", "action": "answer", **answer_form(card.question, right=False)},
    )

    assert feedback.context["correct"] is False
    assert [g["enabled"] for g in feedback.context["grades"]] == [True, False, False, False]


def test_a_flipped_card_is_graded_by_hand(student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]

    feedback = student.post(
        f"/sets/{question_set.pk}/study/", {"card": card.pk, "client_id": "f1", "action": "flip"}
    )
    student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "f1", "action": "grade", "rating": 2, "given": ""},
    )

    assert feedback.context["correct"] is None
    assert Review.objects.get().rating == 2


def test_an_empty_answer_is_shown_as_an_error(student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]
    Card.objects.filter(pk=card.pk).update(question=Question.objects.filter(type="text").first())

    page = student.post(
        f"/sets/{question_set.pk}/study/", {"card": card.pk, "action": "answer", "answer": " "}
    )

    assert page.status_code == 400 and "Pick or type an answer first" in page.content.decode()
    assert not Review.objects.exists()


def test_all_done_says_when_the_next_card_is_due(student, alice, question_set):
    alice.new_cards_per_day = 0
    alice.save()

    page = student.get(f"/sets/{question_set.pk}/study/")

    assert b"All done for now" in page.content


def test_all_done_gives_the_next_due_time_in_the_students_time_zone(student, alice, question_set):
    alice.time_zone = "Asia/Tehran"
    alice.save()
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]
    alice.new_cards_per_day = 1
    alice.save()
    student.post(f"/sets/{question_set.pk}/study/", {"card": card.pk, "client_id": "g1", "action": "grade",
                                                     "rating": 3, "given": ""})  # fmt: skip

    page = student.get(f"/sets/{question_set.pk}/study/")

    due = Card.objects.get(pk=card.pk).due.astimezone(zoneinfo.ZoneInfo("Asia/Tehran"))
    assert "card" not in page.context
    assert f'due at <time datetime="{due.isoformat()}">{due:%H:%M}</time>' in page.content.decode()


def test_another_students_card_is_a_404(client, bob, student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]
    client.force_login(bob)

    response = client.post(f"/sets/{question_set.pk}/study/", {"card": card.pk, "action": "flip"})

    assert response.status_code == 404


def answer_form(question, *, right: bool) -> dict:
    if question.type == "true_false":
        value = question.answer if right else not question.answer
        return {"answer": "true" if value else "false"}
    if question.type == "order":
        order = question.answer if right else list(reversed(question.answer))
        return {"item": order, "position": [str(n) for n in range(1, len(order) + 1)]}
    if right:
        return {"answer": question.answer}
    wrong = [c.text for c in question.choices.all() if c.text != question.answer]
    return {"answer": wrong[0] if wrong else "certainly wrong"}
