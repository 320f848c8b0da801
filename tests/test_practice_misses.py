"""What a student gets wrong in Match or Timeline feeds the cards it came from: their cards
come due now (never-studied questions are met as new cards), only the student's own, with no
review logged, no points and nothing else of their schedule changed."""

import datetime as dt

import pytest
from django.utils import timezone
from practice_helpers import key_of, new_round, right_order, wrong_pair
from study_helpers import right_answer

from quizzes.models import Card, Question, Review
from quizzes.selectors import practice
from quizzes.services import practice as practice_service
from quizzes.services import study

Mode = practice.Mode


def studied_cards(user, question_set, *, due):
    """A review card, due later, for every question of the set."""
    now = timezone.now()
    return Card.objects.bulk_create(
        [
            Card(user=user, question=question, question_set=question_set, state=Card.State.REVIEW,
                 stability=12.0, difficulty=5.0, due=due, last_review=now - dt.timedelta(days=3), reps=4,
                 right_reps=3, created_at=now - dt.timedelta(days=30))
            for question in question_set.questions.all()
        ]
    )  # fmt: skip


def annotated(question_set):
    question_set.open_quiz_id = None
    return question_set


def facts_of_pair(user, question_set, issued, pair):
    read = practice.read_round(user=user, question_set=question_set, mode=issued.mode, token=issued.token)
    return {read.left[pair[0]].pk, read.right[pair[1]].pk}


def test_a_wrong_pair_of_people_makes_both_peoples_person_questions_due(alice, question_set):
    later = timezone.now() + dt.timedelta(days=20)
    studied_cards(alice, question_set, due=later)
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    pair = wrong_pair(key_of(alice, question_set, issued))
    now = timezone.now()

    checked = practice_service.check_match(
        user=alice,
        question_set=annotated(question_set),
        mode=Mode.MATCH_PEOPLE,
        token=issued.token,
        pairs=[pair],
        now=now,
    )

    assert checked.verdicts == [False] and not checked.finished
    people = facts_of_pair(alice, question_set, issued, pair)
    fed = set(
        Question.objects.filter(question_set=question_set, person_id__in=people, kind="person").values_list(
            "pk", flat=True
        )
    )
    assert fed
    due_now = set(Card.objects.filter(user=alice, due=now).values_list("question_id", flat=True))
    assert due_now == fed
    assert Card.objects.filter(user=alice, due=later).count() == question_set.questions.count() - len(fed)


def test_a_miss_changes_only_the_due_date_and_logs_no_review(alice, question_set):
    studied_cards(alice, question_set, due=timezone.now() + dt.timedelta(days=20))
    before = {card.pk: card for card in Card.objects.filter(user=alice)}
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)

    practice_service.check_match(
        user=alice, question_set=annotated(question_set), mode=Mode.MATCH_PEOPLE, token=issued.token,
        pairs=[wrong_pair(key_of(alice, question_set, issued))], now=timezone.now(),
    )  # fmt: skip

    assert Review.objects.count() == 0
    for card in Card.objects.filter(user=alice):
        old = before[card.pk]
        fields = ("state", "stability", "difficulty", "last_review", "reps", "right_reps", "lapses", "step")
        assert [getattr(card, f) for f in fields] == [getattr(old, f) for f in fields]


def test_a_miss_on_questions_never_studied_meets_them_as_new_cards(alice, question_set):
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    pair = wrong_pair(key_of(alice, question_set, issued))
    now = timezone.now()

    practice_service.check_match(
        user=alice,
        question_set=annotated(question_set),
        mode=Mode.MATCH_PEOPLE,
        token=issued.token,
        pairs=[pair],
        now=now,
    )

    cards = Card.objects.filter(user=alice)
    assert cards.count() > 0
    assert {(card.state, card.due, card.question_set_id) for card in cards} == {("new", now, question_set.pk)}


def test_a_card_already_due_stays_as_due_as_it_was(alice, question_set):
    earlier = timezone.now() - dt.timedelta(days=2)
    studied_cards(alice, question_set, due=earlier)
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)

    practice_service.check_match(
        user=alice, question_set=annotated(question_set), mode=Mode.MATCH_PEOPLE, token=issued.token,
        pairs=[wrong_pair(key_of(alice, question_set, issued))], now=timezone.now(),
    )  # fmt: skip

    assert set(Card.objects.filter(user=alice).values_list("due", flat=True)) == {earlier}


def test_only_the_students_own_cards_come_due(alice, bob, question_set):
    later = timezone.now() + dt.timedelta(days=20)
    studied_cards(bob, question_set, due=later)
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)

    practice_service.check_match(
        user=alice, question_set=annotated(question_set), mode=Mode.MATCH_PEOPLE, token=issued.token,
        pairs=[wrong_pair(key_of(alice, question_set, issued))], now=timezone.now(),
    )  # fmt: skip

    assert set(Card.objects.filter(user=bob).values_list("due", flat=True)) == {later}
    assert (
        not Card.objects.filter(user=bob, created_at__gt=later - dt.timedelta(days=21))
        .exclude(due=later)
        .exists()
    )


def test_a_right_pair_feeds_nothing(alice, question_set):
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    left, right = next(iter(key_of(alice, question_set, issued).items()))

    checked = practice_service.check_match(
        user=alice, question_set=annotated(question_set), mode=Mode.MATCH_PEOPLE, token=issued.token,
        pairs=[(left, right)], now=timezone.now(),
    )  # fmt: skip

    assert checked.verdicts == [True]
    assert not Card.objects.filter(user=alice).exists()


def test_a_wrong_date_makes_both_events_date_questions_due(alice, question_set):
    issued = new_round(alice, question_set, Mode.MATCH_DATES)
    pair = wrong_pair(key_of(alice, question_set, issued))
    now = timezone.now()

    practice_service.check_match(
        user=alice,
        question_set=annotated(question_set),
        mode=Mode.MATCH_DATES,
        token=issued.token,
        pairs=[pair],
        now=now,
    )

    events = facts_of_pair(alice, question_set, issued, pair)
    fed = Card.objects.filter(user=alice).select_related("question")
    assert fed and {card.question.event_id for card in fed} == events
    assert {card.question.kind for card in fed} == {"date"}


@pytest.mark.parametrize("swap", [(0, 1), (0, -1)], ids=["neighbours", "first-and-last"])
def test_events_out_of_place_on_the_timeline_come_due(alice, question_set, swap):
    issued = new_round(alice, question_set, Mode.TIMELINE)
    order = right_order(alice, question_set, issued)
    first, second = swap
    order[first], order[second] = order[second], order[first]
    now = timezone.now()

    checked = practice_service.check_timeline(
        user=alice, question_set=annotated(question_set), token=issued.token, order=order, now=now
    )

    out = [placed.event for placed in checked.events if not placed.in_order]
    expected_out = 1 if swap == (0, 1) else 2  # moving one of two neighbours; the first and last both
    assert len(out) == expected_out
    fed = Card.objects.filter(user=alice, due=now).select_related("question")
    assert {card.question.event_id for card in fed} == {event.pk for event in out}


def test_a_timeline_in_order_feeds_nothing(alice, question_set):
    issued = new_round(alice, question_set, Mode.TIMELINE)

    checked = practice_service.check_timeline(
        user=alice, question_set=annotated(question_set), token=issued.token,
        order=right_order(alice, question_set, issued), now=timezone.now(),
    )  # fmt: skip

    assert checked.in_order_count == len(checked.events)
    assert [placed.placed for placed in checked.events] == list(range(1, len(checked.events) + 1))
    assert not Card.objects.filter(user=alice).exists()


def test_a_card_brought_forward_earns_no_points_before_its_scheduled_due(alice, question_set):
    """Missing on purpose, then studying what came due, would farm points: the review
    schedules the card but earns nothing until the due FSRS had set."""
    later = timezone.now() + dt.timedelta(days=20)
    studied_cards(alice, question_set, due=later)
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    pair = wrong_pair(key_of(alice, question_set, issued))
    practice_service.check_match(
        user=alice, question_set=annotated(question_set), mode=Mode.MATCH_PEOPLE, token=issued.token,
        pairs=[pair], now=timezone.now(),
    )  # fmt: skip
    card = Card.objects.filter(user=alice, due__lte=timezone.now()).select_related("question").first()
    assert card.scheduled_due == later

    review = study.review_card(user=alice, card_id=card.pk, answer=right_answer(card.question))

    assert review.review.correct and review.review.points == 0
    card.refresh_from_db()
    assert card.scheduled_due is None and card.due > timezone.now()


def test_a_card_brought_forward_earns_points_once_its_scheduled_due_has_come(alice, question_set):
    now = timezone.now()
    [card, *_] = studied_cards(alice, question_set, due=now - dt.timedelta(minutes=1))
    Card.objects.filter(pk=card.pk).update(scheduled_due=now - dt.timedelta(minutes=1))

    review = study.review_card(user=alice, card_id=card.pk, answer=right_answer(card.question))

    assert review.review.correct and review.review.points > 0
