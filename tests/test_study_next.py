import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from factories import api_client_for, logged_in_client, make_user

from quizzes.models import Card, QuestionSet, Review
from quizzes.selectors import study_queue
from quizzes.services import study

pytestmark = pytest.mark.django_db

ANSWER_FIELDS = {"answer", "accepted_answers", "explanation", "source", "correct_answer"}


def get_next(user, question_set):
    return api_client_for(user).get("/api/study/next/", {"set": question_set.pk})


def test_the_first_request_introduces_a_new_card_and_shows_no_answer(alice, question_set):
    response = get_next(alice, question_set)

    assert response.status_code == 200
    card = response.json()["card"]
    assert card["state"] == "new"
    assert set(card["question"]) == {"id", "set", "kind", "type", "prompt", "items", "choices"}
    assert not ANSWER_FIELDS & set(card["question"])
    assert Card.objects.filter(user=alice).count() == 1


def test_a_new_card_not_yet_answered_is_shown_again_instead_of_another(alice, question_set):
    first = get_next(alice, question_set).json()["card"]["id"]

    again = get_next(alice, question_set).json()["card"]["id"]

    assert again == first
    assert Card.objects.filter(user=alice).count() == 1


def test_remaining_counts_new_learning_and_review(alice, question_set):
    alice.new_cards_per_day = 5
    alice.save()

    body = get_next(alice, question_set).json()

    assert body["remaining"] == {"new": 5, "learning": 0, "review": 0}


def test_due_learning_cards_come_before_new_ones_oldest_first(alice, question_set):
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
    older, newer = question_set.questions.order_by("pk")[:2]
    Card.objects.create(
        user=alice, question=newer, question_set=question_set, state="learning",
        due=now - dt.timedelta(minutes=1), created_at=now,
    )  # fmt: skip
    Card.objects.create(
        user=alice, question=older, question_set=question_set, state="review",
        due=now - dt.timedelta(days=2), created_at=now,
    )  # fmt: skip
    study_set = study_queue.visible_set_for_study(user=alice, set_id=question_set.pk, now=now)

    upcoming = study.next_card(user=alice, question_set=study_set, now=now)

    assert upcoming.card.question == older
    assert upcoming.remaining["learning"] == 1 and upcoming.remaining["review"] == 1


def introduce(user, question_set, now):
    study_set = study_queue.visible_set_for_study(user=user, set_id=question_set.pk, now=now)
    upcoming = study.next_card(user=user, question_set=study_set, now=now)
    if upcoming.card is not None and upcoming.card.state == "new":
        # Answering takes the card out of "new", as a review would.
        Card.objects.filter(pk=upcoming.card.pk).update(state="review", due=now + dt.timedelta(days=2))
    return upcoming


def test_new_cards_stop_at_the_daily_limit_and_resume_after_local_midnight(alice, question_set):
    alice.new_cards_per_day = 2
    alice.time_zone = "Asia/Tehran"  # UTC+03:30
    alice.save()
    evening = dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)  # 20:30 in Tehran

    assert introduce(alice, question_set, evening).card is not None
    assert introduce(alice, question_set, evening).card is not None
    limited = introduce(alice, question_set, evening + dt.timedelta(minutes=1))

    assert limited.card is None and limited.remaining["new"] == 0
    tehran_midnight = dt.datetime(2026, 11, 25, 20, 30, tzinfo=dt.UTC)
    assert limited.next_due == tehran_midnight  # new cards are allowed again then
    assert introduce(alice, question_set, tehran_midnight - dt.timedelta(seconds=1)).card is None
    after_midnight = introduce(alice, question_set, tehran_midnight + dt.timedelta(seconds=1))
    assert after_midnight.card.state == "new"
    assert Card.objects.filter(user=alice).count() == 3


def test_when_nothing_is_due_the_answer_says_when_the_next_card_is(alice, question_set):
    alice.new_cards_per_day = 0
    alice.save()
    due = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
    Card.objects.create(
        user=alice, question=question_set.questions.first(), question_set=question_set,
        state="review", due=due, created_at=due,
    )  # fmt: skip

    body = get_next(alice, question_set).json()

    assert body["card"] is None
    assert body["next_due"] == "2030-01-01T09:00:00Z"


def test_a_set_with_nothing_left_has_no_next_due(alice):
    empty = QuestionSet.objects.create(title="Empty", is_published=True)

    body = get_next(alice, empty).json()

    assert body == {"card": None, "remaining": {"new": 0, "learning": 0, "review": 0}, "next_due": None}


@pytest.mark.parametrize("query", [{}, {"set": "abc"}, {"set": "-1"}])
def test_a_missing_or_malformed_set_is_a_400(alice, query):
    response = api_client_for(alice).get("/api/study/next/", query)

    assert response.status_code == 400
    assert "set" in response.json()


def test_an_unpublished_set_of_another_user_is_a_404(alice):
    teacher = make_user("tina", role="teacher")
    private = QuestionSet.objects.create(title="Draft", owner=teacher, is_published=False)

    assert get_next(alice, private).status_code == 404


def test_anonymous_is_a_401(question_set):
    assert get_next(None, question_set).status_code == 401


def studied_for_months(user, question_set, *, cards: int) -> None:
    """`cards` cards of the set in review, all overdue, each with 10 reviews in the log."""
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    made = Card.objects.bulk_create(
        Card(
            user=user,
            question=question,
            question_set=question_set,
            state="review",
            stability=5,
            difficulty=5,
            due=long_ago,
            last_review=long_ago,
            created_at=long_ago,
        )  # fmt: skip
        for question in question_set.questions.exclude(cards__user=user).order_by("pk")[:cards]
    )
    Review.objects.bulk_create(
        Review(
            user=user,
            card=card,
            question_set=question_set,
            rating=3,
            correct=True,
            reviewed_at=long_ago - dt.timedelta(days=day),
            state_before="review",
            due_before=long_ago,
            state_after="review",
            due_after=long_ago,
            stability_after=5,
            difficulty_after=5,
        )  # fmt: skip
        for card in made
        for day in range(10)
    )


def queries_for_next(client, question_set) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/study/next/", {"set": question_set.pk}).json()
    return len(captured.captured_queries), body["card"]["state"]


@pytest.mark.parametrize("auth", ["token", "session"])
def test_at_most_six_queries_whatever_the_history(alice, question_set, auth):
    client = logged_in_client(alice, auth=auth)
    studied_for_months(alice, question_set, cards=1)
    due_with_one_card = queries_for_next(client, question_set)
    studied_for_months(alice, question_set, cards=60)
    due_with_sixty_cards = queries_for_next(client, question_set)
    Card.objects.filter(user=alice).update(due=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    introducing = queries_for_next(client, question_set)

    assert Review.objects.filter(user=alice).count() == 610
    assert due_with_one_card == due_with_sixty_cards
    assert due_with_sixty_cards[1] == "review" and introducing[1] == "new"
    assert max(due_with_sixty_cards[0], introducing[0]) <= 6


def test_meeting_a_question_twice_keeps_one_card_and_the_transaction_usable(alice, question_set):
    question = question_set.questions.first()
    now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)

    with transaction.atomic():
        first = study.introduce_card(user=alice, question=question, now=now)
        again = study.introduce_card(user=alice, question=question, now=now + dt.timedelta(minutes=1))
        assert Card.objects.filter(user=alice).count() == 1  # no error left the transaction broken

    assert again.pk == first.pk
    assert Card.objects.get(pk=first.pk).created_at == now
