"""Study ahead, as Anki's learn-ahead limit: when nothing is due, a learning card coming due
within LEARN_AHEAD_MINUTES (20) is shown early rather than "All done for now"; beyond
it, the page counts down to the next card and offers to study ahead anyway."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from factories import api_client_for
from study_helpers import right_answer

from quizzes.models import Card
from quizzes.services import attempts

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_new_cards(alice):
    """Alice has met no question of a set and takes no new card today: only the cards
    a test gives her can be studied."""
    alice.new_cards_per_day = 0
    alice.save()
    return alice


def learning_card(user, question_set, *, due_in: dt.timedelta, state="learning", question=None) -> Card:
    now = timezone.now()
    return Card.objects.create(
        user=user, question=question or question_set.questions.get(type="text"),
        question_set=question_set, state=state, step=1, stability=1, difficulty=5,
        due=now + due_in, last_review=now - dt.timedelta(minutes=1), reps=1, created_at=now,
    )  # fmt: skip


def get_next(user, question_set, **query):
    return api_client_for(user).get("/api/study/next/", {"set": question_set.pk, **query})


def study_page(client, question_set, **query):
    return client.get(f"/sets/{question_set.pk}/study/", query)


def words(page) -> str:
    """The page's text as read, with Django's non-breaking spaces ("34\xa0minutes") as spaces."""
    return page.content.decode().replace("\xa0", " ")


# The API


def test_a_learning_card_due_in_five_minutes_is_given_when_nothing_is_due(no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=5))

    body = get_next(no_new_cards, tinas_set).json()

    assert set(body) == {"card", "remaining", "ahead"}  # the contract's keys, and "ahead"
    assert body["card"]["id"] == card.pk and body["ahead"] is True
    assert body["card"]["due"] == card.due.isoformat().replace("+00:00", "Z")


def test_a_relearning_card_is_studied_ahead_too(no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=9), state="relearning")

    body = get_next(no_new_cards, tinas_set).json()

    assert body["card"]["id"] == card.pk and body["ahead"] is True


def test_the_earliest_of_the_learning_cards_within_the_limit_is_given(no_new_cards, tinas_set):
    text, order = tinas_set.questions.get(type="text"), tinas_set.questions.get(type="order")
    learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=15), question=text)
    earliest = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=4), question=order)

    assert get_next(no_new_cards, tinas_set).json()["card"]["id"] == earliest.pk


def test_a_learning_card_due_in_thirty_minutes_is_not_given(no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=30))

    body = get_next(no_new_cards, tinas_set).json()

    assert body["card"] is None and "ahead" not in body
    assert body["next_due"] == card.due.isoformat().replace("+00:00", "Z")


def test_a_review_card_coming_due_in_five_minutes_is_not_studied_ahead(no_new_cards, tinas_set):
    learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=5), state="review")

    assert get_next(no_new_cards, tinas_set).json()["card"] is None
    assert get_next(no_new_cards, tinas_set, ahead="true").json()["card"] is None


def test_ahead_true_gives_the_learning_card_even_beyond_the_limit(no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(hours=3))

    body = get_next(no_new_cards, tinas_set, ahead="true").json()

    assert body["card"]["id"] == card.pk and body["ahead"] is True


def test_ahead_true_with_no_learning_card_is_a_null_card_with_next_due(no_new_cards, tinas_set):
    body = get_next(no_new_cards, tinas_set, ahead="true").json()

    assert body == {"card": None, "remaining": {"new": 0, "learning": 0, "review": 0}, "next_due": None}


def test_a_malformed_ahead_is_a_400(alice, tinas_set):
    response = get_next(alice, tinas_set, ahead="soon")

    assert response.status_code == 400 and "ahead" in response.json()


def test_due_cards_come_before_ahead_cards(no_new_cards, tinas_set):
    learning_card(
        no_new_cards, tinas_set, due_in=dt.timedelta(minutes=2), question=tinas_set.questions.get(type="text")
    )
    due = learning_card(
        no_new_cards, tinas_set, due_in=-dt.timedelta(days=2), state="review",
        question=tinas_set.questions.get(type="order"),
    )  # fmt: skip

    body = get_next(no_new_cards, tinas_set).json()

    assert body["card"]["id"] == due.pk and "ahead" not in body


def test_new_cards_within_the_daily_limit_come_before_ahead_cards(alice, tinas_set):
    ahead = learning_card(alice, tinas_set, due_in=dt.timedelta(minutes=5))

    body = get_next(alice, tinas_set).json()

    assert body["card"]["state"] == "new" and body["card"]["id"] != ahead.pk and "ahead" not in body


def test_the_limit_is_the_learn_ahead_minutes_setting(no_new_cards, tinas_set, settings):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=30))
    settings.LEARN_AHEAD_MINUTES = 40
    assert get_next(no_new_cards, tinas_set).json()["card"]["id"] == card.pk

    settings.LEARN_AHEAD_MINUTES = 0  # off
    Card.objects.filter(pk=card.pk).update(due=timezone.now() + dt.timedelta(minutes=1))
    assert get_next(no_new_cards, tinas_set).json()["card"] is None


@pytest.mark.parametrize("query", [{}, {"ahead": "true"}])
def test_a_quiz_in_progress_still_pauses_study(no_new_cards, tinas_set, query):
    learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=5))
    quiz = attempts.start_quiz(user=no_new_cards, question_set=tinas_set, size=2)

    body = get_next(no_new_cards, tinas_set, **query).json()

    assert body["card"] is None and body["open_quiz"] == quiz.pk and "ahead" not in body


def test_a_right_answer_to_a_card_studied_ahead_earns_no_points(no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=5))

    response = api_client_for(no_new_cards).post(
        "/api/study/reviews/", {"card": card.pk, "answer": right_answer(card.question)}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["review"]["correct"] is True and response.json()["review"]["points"] == 0


def queries_for_next(user, question_set, **query) -> tuple[int, dict]:
    client = api_client_for(user)
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/study/next/", {"set": question_set.pk, **query}).json()
    return len(captured.captured_queries), body


def test_an_ahead_card_takes_as_many_queries_as_a_due_one(no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=-dt.timedelta(minutes=1))
    due = queries_for_next(no_new_cards, tinas_set)
    Card.objects.filter(pk=card.pk).update(due=timezone.now() + dt.timedelta(minutes=5))
    ahead = queries_for_next(no_new_cards, tinas_set)
    Card.objects.filter(pk=card.pk).update(due=timezone.now() + dt.timedelta(hours=2))
    anyway = queries_for_next(no_new_cards, tinas_set, ahead="true")
    nothing = queries_for_next(no_new_cards, tinas_set)

    assert [due[1].get("ahead"), ahead[1].get("ahead"), anyway[1].get("ahead")] == [None, True, True]
    assert nothing[1]["card"] is None
    assert due[0] == ahead[0] == anyway[0] == nothing[0]


# The page


def test_the_page_shows_a_learning_card_due_in_five_minutes(student, no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=5, seconds=30))

    page = study_page(student, tinas_set)

    assert page.context["card"].pk == card.pk and page.context["phase"] == "question"
    assert "All done for now" not in words(page)
    assert (
        "Studying ahead: nothing else is due, and this card comes due in 5 minutes, within 20 minutes."
        in words(page)
    )
    assert page.context["remaining"]["learning"] in (0, 1)  # 1 unless it falls due after midnight


def test_a_card_due_in_seconds_does_not_read_as_due_in_0_minutes(student, no_new_cards, tinas_set):
    learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(seconds=40))

    page = study_page(student, tinas_set)

    assert "comes due in less than a minute, within 20 minutes." in words(page)
    assert " 0 minutes" not in words(page)


def test_beyond_the_limit_the_page_is_all_done_with_a_countdown_and_study_ahead_anyway(
    student, no_new_cards, tinas_set
):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=34, seconds=30))

    page = study_page(student, tinas_set)

    text = words(page)
    assert "card" not in page.context
    assert "All done for now" in text and "Nothing is due within 20 minutes." in text
    assert "Next card in <span" in text and ">34 minutes</span>" in text
    seconds = int(text.split('data-seconds="')[1].split('"')[0])
    assert 34 * 60 < seconds <= 34 * 60 + 30
    assert f'<a class="button" href="/sets/{tinas_set.pk}/study/?ahead=1">Study ahead anyway</a>' in text

    anyway = study_page(student, tinas_set, ahead="1")

    assert anyway.context["card"].pk == card.pk
    assert "Studying ahead: nothing else is due, and this card comes due in 34 minutes." in words(anyway)


def test_all_done_without_learning_cards_offers_no_study_ahead(student, no_new_cards, tinas_set):
    learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(days=3), state="review")

    page = study_page(student, tinas_set)

    assert "All done for now" in words(page) and "Next card in <span" in words(page)
    assert "Study ahead anyway" not in words(page)


def test_studying_ahead_anyway_goes_on_after_the_grade(student, no_new_cards, tinas_set):
    card = learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(hours=1))
    url = f"/sets/{tinas_set.pk}/study/?ahead=1"
    student.post(url, {"card": card.pk, "client_id": "a1", "action": "flip"})

    graded = student.post(
        url, {"card": card.pk, "client_id": "a1", "action": "grade", "rating": 1, "given": ""}
    )

    assert graded.status_code == 302 and graded.url == url
    assert Card.objects.get(pk=card.pk).reps == 2


def test_a_wrong_pick_studying_ahead_anyway_keeps_studying_ahead(student, no_new_cards, tinas_set):
    card = learning_card(
        no_new_cards, tinas_set, due_in=dt.timedelta(hours=1), question=tinas_set.questions.get(type="choice")
    )

    recorded = student.post(
        f"/sets/{tinas_set.pk}/study/?ahead=1",
        {"card": card.pk, "client_id": "w1", "action": "answer", "answer": "certainly wrong"},
    )

    assert recorded.context["phase"] == "recorded"
    assert '<input type="hidden" name="ahead" value="1">' in words(recorded)


def test_the_page_pauses_for_a_quiz_in_progress_as_before(student, no_new_cards, tinas_set):
    learning_card(no_new_cards, tinas_set, due_in=dt.timedelta(minutes=5))
    quiz = attempts.start_quiz(user=no_new_cards, question_set=tinas_set, size=2)

    for query in ({}, {"ahead": "1"}):
        page = study_page(student, tinas_set, **query)

        assert "card" not in page.context and page.context["open_quiz_id"] == quiz.pk
        assert "Your quiz on this set is open" in words(page) and "Studying ahead" not in words(page)
