import datetime as dt
import re
import zoneinfo

import pytest
from study_helpers import answer_form

from quizzes.models import Card, Question, Review
from quizzes.services.study import introduce_card
from quizzes.shuffle import choices_for_student
from quizzes.templatetags.quiz_tags import as_answer, interval

pytestmark = pytest.mark.django_db


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
    assert [g["label"] for g in feedback.context["grades"]] == ["Again", "Hard", "Good", "Easy"]
    assert feedback.content.count(b"data-grade=") == 4
    assert not Review.objects.exists()  # nothing recorded until graded

    grade = {"action": "grade", "card": card.pk, "client_id": form["client_id"], "rating": 4,
             "given": feedback.context["given_json"]}  # fmt: skip
    student.post(f"/sets/{question_set.pk}/study/", grade)
    student.post(f"/sets/{question_set.pk}/study/", grade)  # a double submit

    review = Review.objects.get()
    assert (review.rating, review.correct) == (4, True)


def test_a_wrong_answer_is_recorded_at_once_as_again(student, alice, question_set):
    page = student.get(f"/sets/{question_set.pk}/study/")
    card = page.context["card"]
    wrong = answer_form(card.question, right=False)

    feedback = student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "c1", "action": "answer", "duration_ms": "4200", **wrong},
    )

    review = Review.objects.get()
    assert (review.user, review.card_id, review.rating, review.correct) == (alice, card.pk, 1, False)
    assert (review.client_id, review.duration_ms) == ("c1", 4200)
    assert review.answer == given_in(card.question, wrong)
    assert feedback.status_code == 200 and feedback.context["phase"] == "recorded"
    content = feedback.content.decode().replace("&#x27;", "'")
    assert "Not quite" in content and as_answer(card.question.answer) in content
    assert card.question.source_text in content
    again = review.due_after - review.reviewed_at
    assert (
        f'Counted as <strong class="again">Again</strong>: you will see it again in <strong>{interval(again)}'
        in content
    )
    assert "data-grade=" not in content and "Next card" in content


def test_a_wrong_answer_sent_twice_is_recorded_once(student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]
    form = {
        "card": card.pk,
        "client_id": "twice",
        "action": "answer",
        **answer_form(card.question, right=False),
    }

    first = student.post(f"/sets/{question_set.pk}/study/", form)
    again = student.post(f"/sets/{question_set.pk}/study/", form)  # a double submit, or a reload of the POST

    assert Review.objects.count() == 1
    assert first.context["review"] == again.context["review"]
    assert again.context["phase"] == "recorded" and again.context["correct"] is False


def test_a_reload_after_a_wrong_answer_asks_another_card(student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]
    student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "w1", "action": "answer", **answer_form(card.question, right=False)},
    )

    reloaded = student.get(f"/sets/{question_set.pk}/study/")

    assert reloaded.context["card"].pk != card.pk
    assert Card.objects.get(pk=card.pk).state == Card.State.LEARNING


def test_a_right_answer_is_recorded_only_when_graded(student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]

    student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "r1", "action": "answer", **answer_form(card.question, right=True)},
    )

    assert not Review.objects.exists()
    assert student.get(f"/sets/{question_set.pk}/study/").context["card"].pk == card.pk


def test_the_time_to_answer_goes_with_the_grade_into_the_log(student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]
    feedback = student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "t1", "action": "answer", "duration_ms": "3100",
         **answer_form(card.question, right=True)},
    )  # fmt: skip
    assert 'name="duration_ms" value="3100"' in feedback.content.decode()

    student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "t1", "action": "grade", "rating": 3, "duration_ms": "3100",
         "given": feedback.context["given_json"]},
    )  # fmt: skip

    assert Review.objects.get().duration_ms == 3100


@pytest.mark.parametrize("sent", ["", "-5", "soon", "1.5", "86400001", "9" * 40])
def test_a_missing_or_impossible_duration_is_not_recorded(student, question_set, sent):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]

    response = student.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": "d1", "action": "flip", "duration_ms": sent},
    )
    graded = student.post(
        f"/sets/{question_set.pk}/study/",
        {
            "card": card.pk,
            "client_id": "d1",
            "action": "grade",
            "rating": 2,
            "given": "",
            "duration_ms": sent,
        },
    )

    assert response.status_code == 200 and graded.status_code == 302
    assert 'name="duration_ms" value=""' in response.content.decode()
    review = Review.objects.get()
    assert (review.rating, review.duration_ms) == (2, None)


def test_an_order_refused_for_two_items_in_one_place_keeps_the_places_chosen(student, alice, tinas_set):
    question = tinas_set.questions.get(type="order")
    card = introduce_card(user=alice, question=question, now=dt.datetime.now(dt.UTC))
    items = choices_for_student(question, user=alice)  # as the page lists them

    page = student.post(
        f"/sets/{tinas_set.pk}/study/",
        {"card": card.pk, "client_id": "o1", "action": "answer", "item": items, "position": ["2", "2", "1"]},
    )

    assert page.status_code == 400 and "Give each item its own place, from 1 to 3." in page.content.decode()
    assert places_selected(page.content.decode()) == ["2", "2", "1"]
    assert page.context["client_id"] == "o1"
    assert not Review.objects.exists()


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


def test_all_done_gives_the_next_due_time_in_the_students_time_zone(student, alice, question_set, settings):
    settings.LEARN_AHEAD_MINUTES = 0  # else the card, back in 10 minutes, is studied ahead
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
    # (" on Saturday 5 December" follows the time when the card is due on another day than
    # now, as it is an hour before midnight in Tehran)
    assert f'due at <time datetime="{due.isoformat()}">{due:%H:%M}' in page.content.decode()


def test_another_students_card_is_a_404(client, bob, student, question_set):
    card = student.get(f"/sets/{question_set.pk}/study/").context["card"]
    client.force_login(bob)

    response = client.post(f"/sets/{question_set.pk}/study/", {"card": card.pk, "action": "flip"})

    assert response.status_code == 404


def places_selected(content: str) -> list[str]:
    """The place selected in each of an order question's lists, top to bottom."""
    lists = re.findall(r'<select name="position".*?</select>', content, flags=re.S)
    return [re.search(r'<option value="(\d+)" selected>', select).group(1) for select in lists]


def given_in(question, form: dict):
    """The answer a study form carries, in the shape the review log keeps."""
    if question.type == "order":
        return form["item"]
    if question.type == "match":
        return form["pair"]
    if question.type == "true_false":
        return form["answer"] == "true"
    return form["answer"]
