"""The dashboard's numbers say what the study page then does: "due now" is the new cards
today's allowance leaves plus the review cards due and the learning cards due or coming due
within the learn-ahead window (study_queue.ready_now); a first visit says "Welcome", a
return "Welcome back"."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from study_helpers import right_answer

from quizzes.models import Card
from quizzes.selectors import study_queue
from quizzes.services import attempts, study

pytestmark = pytest.mark.django_db


def card(user, question, *, state: str, due: dt.datetime, created: dt.datetime) -> Card:
    return Card.objects.create(
        user=user, question=question, question_set=question.question_set, state=state, step=1,
        stability=5, difficulty=5, due=due, last_review=created, reps=1, created_at=created,
    )  # fmt: skip


@pytest.fixture
def studied_before(alice, question_set):
    """Alice takes 4 new cards a day and has met a card today (one left of the allowance
    used); she has a review card overdue and one due this evening, a learning card coming
    due in 5 minutes (within the learn-ahead window) and one in 2 hours (beyond it)."""
    now = timezone.now()
    alice.new_cards_per_day = 4
    alice.save(update_fields=["new_cards_per_day"])
    long_ago = now - dt.timedelta(days=10)
    questions = list(question_set.questions.order_by("pk")[:5])
    card(alice, questions[0], state="review", due=now - dt.timedelta(days=1), created=long_ago)
    card(alice, questions[1], state="review", due=now + dt.timedelta(hours=3), created=long_ago)
    card(alice, questions[2], state="learning", due=now + dt.timedelta(minutes=5), created=long_ago)
    card(alice, questions[3], state="learning", due=now + dt.timedelta(hours=2), created=long_ago)
    card(alice, questions[4], state="new", due=now, created=now)  # met today, not yet answered
    return alice


def due_now_on_the_dashboard(client, question_set) -> int:
    page = client.get("/").content.decode()
    section = page.split(f'id="set-{question_set.pk}"')[1].split("</section>")[0]
    return int(re.search(r"<strong>(\d+)</strong> due now", section).group(1))


def cards_the_study_page_offers(user, question_set) -> list[int]:
    """Study as the page does (next card, answered Easy, so it leaves for days) until it
    has nothing more without waiting; the cards it gave."""
    given = []
    while len(given) < 50:
        now = timezone.now()
        study_set = study_queue.visible_set_for_study(user=user, set_id=question_set.pk, now=now)
        upcoming = study.next_card(user=user, question_set=study_set, now=now)
        if upcoming.card is None:
            return given
        given.append(upcoming.card.pk)
        study.review_card(user=user, card_id=upcoming.card.pk, rating=4)
    raise AssertionError("the study page kept offering cards")


def test_due_now_counts_the_new_cards_left_today_and_the_due_ones(client, studied_before, question_set):
    client.force_login(studied_before)

    # 1 met today + 3 more the allowance leaves, 1 overdue review, 1 learning card within 20 minutes
    assert due_now_on_the_dashboard(client, question_set) == 4 + 1 + 1


def test_due_now_is_what_the_study_page_then_offers(client, studied_before, question_set):
    client.force_login(studied_before)
    promised = due_now_on_the_dashboard(client, question_set)

    offered = cards_the_study_page_offers(studied_before, question_set)

    assert len(offered) == len(set(offered)) == promised
    assert due_now_on_the_dashboard(client, question_set) == 0


def test_due_now_counts_no_new_cards_once_the_days_allowance_is_spent(client, alice, question_set):
    alice.new_cards_per_day = 2
    alice.save(update_fields=["new_cards_per_day"])
    client.force_login(alice)
    assert due_now_on_the_dashboard(client, question_set) == 2

    cards_the_study_page_offers(alice, question_set)

    assert due_now_on_the_dashboard(client, question_set) == 0
    assert question_set.questions.count() > 2


def test_while_a_quiz_is_open_the_dashboard_says_the_sets_study_is_paused(client, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=2)
    client.force_login(alice)

    page = client.get("/").content.decode()
    section = page.split(f'id="set-{tinas_set.pk}"')[1].split("</section>")[0]

    assert "due now" not in section
    assert f'Study paused: <a href="/quizzes/{attempt.pk}/">finish your quiz</a> first.' in section


def test_a_first_visit_says_welcome_and_a_return_welcome_back(client, alice, bob, tinas_set):
    client.force_login(alice)
    first = client.get("/").content.decode()
    question = tinas_set.questions.get(type="text")
    study.review_card(
        user=alice, card_id=study.introduce_card(user=alice, question=question, now=timezone.now()).pk,
        answer=right_answer(question),
    )  # fmt: skip
    again = client.get("/").content.decode()

    assert "Welcome, <bdi>alice</bdi>." in first and "Welcome back" not in first
    assert "Welcome back, <bdi>alice</bdi>." in again


def test_a_student_who_only_took_a_quiz_is_welcomed_back(client, bob, tinas_set):
    attempt = attempts.start_quiz(user=bob, question_set=tinas_set, size=1)
    client.force_login(bob)
    # a quiz begun is not yet one taken
    assert "Welcome, <bdi>bob</bdi>." in client.get("/").content.decode()

    attempts.submit_quiz(user=bob, attempt_id=attempt.pk)

    assert "Welcome back, <bdi>bob</bdi>." in client.get("/").content.decode()
