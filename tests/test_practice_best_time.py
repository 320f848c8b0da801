"""A student's best Match time per set and mode: timed by the server from the round's issue
to its last right pair, only ever improved, never from a round finished faster than hands
can (MIN_MS_PER_PAIR a pair), and each round counted once."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from practice_helpers import key_of, new_round

from quizzes.models import PracticeRecord
from quizzes.selectors import practice
from quizzes.services import practice as practice_service

Mode = practice.Mode


ISSUED = iter(range(1, 1000))  # each new round issued a minute after the one before


def finish(user, question_set, *, seconds: float, issued=None):
    """Issue a round (or take `issued`) and match every pair `seconds` after it was issued."""
    if issued is None:
        started = timezone.now() - dt.timedelta(hours=1) + dt.timedelta(minutes=next(ISSUED))
        issued = new_round(user, question_set, Mode.MATCH_PEOPLE, now=started)
    started = practice.read_round(
        user=user, question_set=question_set, mode=issued.mode, token=issued.token
    ).started_at
    question_set.open_quiz_id = None
    return practice_service.check_match(
        user=user,
        question_set=question_set,
        mode=Mode.MATCH_PEOPLE,
        token=issued.token,
        pairs=list(key_of(user, question_set, issued).items()),
        now=started + dt.timedelta(seconds=seconds),
    )


def record(user, question_set):
    return PracticeRecord.objects.get(user=user, question_set=question_set, mode=Mode.MATCH_PEOPLE)


def test_the_first_finish_sets_the_best_time(alice, question_set):
    checked = finish(alice, question_set, seconds=20)

    assert checked.finished and checked.recorded and checked.new_best
    assert checked.elapsed_ms == 20_000 and checked.best_ms == 20_000
    assert (record(alice, question_set).best_ms, record(alice, question_set).rounds) == (20_000, 1)


def test_the_best_time_only_improves(alice, question_set):
    finish(alice, question_set, seconds=20)
    slower = finish(alice, question_set, seconds=30)
    faster = finish(alice, question_set, seconds=15)

    assert slower.recorded and not slower.new_best and slower.best_ms == 20_000
    assert faster.new_best and faster.best_ms == 15_000
    assert (record(alice, question_set).best_ms, record(alice, question_set).rounds) == (15_000, 3)


def test_an_impossibly_fast_finish_is_not_a_best_time(alice, question_set):
    finish(alice, question_set, seconds=20)
    pairs = len(new_round(alice, question_set, Mode.MATCH_PEOPLE).left)
    too_fast = finish(alice, question_set, seconds=practice_service.MIN_MS_PER_PAIR * pairs / 1000 - 0.1)

    assert too_fast.finished and too_fast.too_fast and not too_fast.new_best
    assert record(alice, question_set).best_ms == 20_000


def test_a_round_finished_again_is_not_counted_again(alice, question_set):
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    first = finish(alice, question_set, seconds=40, issued=issued)
    again = finish(alice, question_set, seconds=40, issued=issued)

    assert first.recorded and not again.recorded
    assert record(alice, question_set).rounds == 1


def test_best_times_are_each_students_own(alice, bob, question_set):
    finish(alice, question_set, seconds=20)
    finish(bob, question_set, seconds=25)

    assert record(alice, question_set).best_ms == 20_000 and record(bob, question_set).best_ms == 25_000


def test_a_round_with_a_pair_left_is_not_finished(alice, question_set):
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    question_set.open_quiz_id = None

    checked = practice_service.check_match(
        user=alice, question_set=question_set, mode=Mode.MATCH_PEOPLE, token=issued.token,
        pairs=list(key_of(alice, question_set, issued).items())[:-1],
        now=timezone.now() + dt.timedelta(seconds=30),
    )  # fmt: skip

    assert not checked.finished and checked.pairs == []
    assert not PracticeRecord.objects.exists()


def test_the_set_and_match_pages_show_the_best_time(student, alice, question_set):
    finish(alice, question_set, seconds=12.34)

    set_page = student.get(reverse("set", args=[question_set.pk])).content.decode()
    match_page = student.get(
        reverse("practice_match", args=[question_set.pk]) + "?with=people"
    ).content.decode()

    assert "Your best at Match: people 12.3 s" in set_page
    assert "Your best: <strong>12.3 s</strong> (1 round)" in match_page
