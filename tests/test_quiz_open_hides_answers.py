"""While a student's quiz on a set is open, nothing shows them answers from that set
(docs/security.md): no second quiz, no study of the set, no results of their other
quizzes on it. When it is submitted or its time is up, all comes back."""

import datetime as dt

import pytest
from factories import api_client_for
from study_helpers import right_answer

from quizzes.models import Review
from quizzes.services import attempts
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def earlier_quiz(alice, tinas_set):
    """A quiz alice took and submitted on the set: its result lists the right answers."""
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=4)
    return attempts.submit_quiz(user=alice, attempt_id=attempt.pk)


@pytest.fixture
def open_quiz(alice, tinas_set, earlier_quiz):
    return attempts.start_quiz(user=alice, question_set=tinas_set, size=4, time_limit_s=600)


def test_the_attack_a_second_quiz_submitted_empty_cannot_be_started(alice, tinas_set, open_quiz):
    client = api_client_for(alice)

    second = client.post("/api/quizzes/", {"set": tinas_set.pk, "size": 100})

    assert second.status_code == 409 and second.json()["open_quiz"] == open_quiz.pk
    assert "correct_answer" not in second.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_earlier_quizs_result_is_withheld_from_its_taker(alice, earlier_quiz, open_quiz, method):
    client = api_client_for(alice)
    path = (
        f"/api/quizzes/{earlier_quiz.pk}/" if method == "get" else f"/api/quizzes/{earlier_quiz.pk}/submit/"
    )

    response = getattr(client, method)(path)

    assert response.status_code == 409
    assert response.json()["open_quiz"] == open_quiz.pk
    assert "correct_answer" not in response.content.decode()


def test_the_earlier_result_comes_back_when_the_open_quiz_is_submitted(alice, earlier_quiz, open_quiz):
    attempts.submit_quiz(user=alice, attempt_id=open_quiz.pk)

    response = api_client_for(alice).get(f"/api/quizzes/{earlier_quiz.pk}/")

    assert response.status_code == 200 and "correct_answer" in response.content.decode()


def test_the_earlier_result_comes_back_when_the_open_quizs_time_is_up(alice, tinas_set, earlier_quiz):
    attempts.start_quiz(
        user=alice, question_set=tinas_set, size=1, time_limit_s=60, now=NOW - dt.timedelta(minutes=2)
    )

    assert api_client_for(alice).get(f"/api/quizzes/{earlier_quiz.pk}/").status_code == 200


def test_the_sets_teacher_still_reads_the_earlier_result(tina, earlier_quiz, open_quiz):
    assert api_client_for(tina).get(f"/api/quizzes/{earlier_quiz.pk}/").status_code == 200


def test_study_of_the_set_pauses_the_next_card_is_none_and_names_the_quiz(alice, tinas_set, open_quiz):
    introduce_card(user=alice, question=tinas_set.questions.first(), now=NOW)

    body = api_client_for(alice).get("/api/study/next/", {"set": tinas_set.pk}).json()

    assert body["card"] is None and body["open_quiz"] == open_quiz.pk


def test_a_review_of_the_sets_card_is_refused_and_not_recorded(alice, tinas_set, open_quiz):
    question = tinas_set.questions.get(type="text")
    card = introduce_card(user=alice, question=question, now=NOW)

    response = api_client_for(alice).post(
        "/api/study/reviews/", {"card": card.pk, "answer": "anything"}, format="json"
    )

    assert response.status_code == 409 and response.json()["open_quiz"] == open_quiz.pk
    assert "correct_answer" not in response.content.decode()
    assert not Review.objects.exists()


def test_a_repeated_client_id_does_not_replay_an_earlier_reviews_answer(alice, tina):
    from factories import authored_set

    question_set = authored_set(owner=tina, title="Replay", is_published=True)
    question = question_set.questions.get(type="text")
    card = introduce_card(user=alice, question=question, now=NOW)
    review_card(user=alice, card_id=card.pk, answer=right_answer(question), client_id="first")
    attempts.start_quiz(user=alice, question_set=question_set, size=4)

    response = api_client_for(alice).post(
        "/api/study/reviews/", {"card": card.pk, "answer": "x", "client_id": "first"}, format="json"
    )

    assert response.status_code == 409


def test_study_of_other_sets_goes_on(alice, tina, open_quiz):
    from factories import authored_set

    other = authored_set(owner=tina, title="Other", is_published=True)

    body = api_client_for(alice).get("/api/study/next/", {"set": other.pk}).json()

    assert body["card"] is not None and "open_quiz" not in body


def test_the_study_page_says_the_quiz_is_open_and_links_to_it(client, alice, tinas_set, open_quiz):
    client.force_login(alice)

    page = client.get(f"/sets/{tinas_set.pk}/study/").content.decode()

    assert "Your quiz on this set is open" in page and f'href="/quizzes/{open_quiz.pk}/"' in page


@pytest.mark.parametrize("action", ["flip", "answer", "grade"])
def test_a_study_form_from_before_the_quiz_shows_no_answer(client, alice, tinas_set, action):
    question = tinas_set.questions.get(type="text")
    card = introduce_card(user=alice, question=question, now=NOW)
    attempts.start_quiz(user=alice, question_set=tinas_set, size=4)
    client.force_login(alice)

    response = client.post(
        f"/sets/{tinas_set.pk}/study/",
        {"card": card.pk, "action": action, "answer": "x", "rating": "3", "given": '"x"'},
        follow=True,
    )

    page = response.content.decode()
    assert "Your quiz on this set is open" in page
    assert question.answer not in page
    assert not Review.objects.exists()


def test_the_quiz_page_of_an_earlier_quiz_leads_to_the_open_one(client, alice, earlier_quiz, open_quiz):
    client.force_login(alice)

    response = client.get(f"/quizzes/{earlier_quiz.pk}/")

    assert response.status_code == 302 and response.url == f"/quizzes/{open_quiz.pk}/"
