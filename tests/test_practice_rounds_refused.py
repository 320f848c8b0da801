"""Only rounds the server issued, to this student, on this set and in this mode, and not
expired, are judged (400 otherwise); sets the student cannot see are 404, sets without facts
offer no practice, and an open quiz on the set pauses it (409)."""

import datetime as dt
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from practice_helpers import key_of, new_round

from quizzes.models import Attempt, Card, PracticeRecord
from quizzes.selectors import practice

Mode = practice.Mode


def check(client, question_set, token, pairs, kind="people"):
    return client.post(
        reverse("practice_match_check", args=[question_set.pk]),
        {"token": token, "with": kind, "pair": [f"{left}:{right}" for left, right in pairs]},
    )


@pytest.fixture
def issued(alice, question_set):
    return new_round(alice, question_set, Mode.MATCH_PEOPLE)


@pytest.fixture
def a_pair(alice, question_set, issued):
    return next(iter(key_of(alice, question_set, issued).items()))


def test_an_issued_round_is_judged(student, question_set, issued, a_pair):
    response = check(student, question_set, issued.token, [a_pair])

    assert response.status_code == 200 and response.json()["right"] is True


def test_an_altered_token_is_refused(student, question_set, issued, a_pair):
    payload = signing.loads(issued.token, salt=practice.TOKEN_SALT)
    payload["t"] -= 60_000  # a start a minute earlier: a better time
    forged = signing.dumps(payload, salt="not the server's")
    tampered = issued.token[:-3] + ("aaa" if not issued.token.endswith("aaa") else "bbb")

    for token in (forged, tampered, "", "x" * 5000):
        response = check(student, question_set, token, [a_pair])
        assert response.status_code == 400, token[:20]
        assert "not a round" in response.json()["detail"]


def test_an_expired_round_is_refused(student, question_set, issued, a_pair):
    later = timezone.now() + practice.ROUND_MAX_AGE + dt.timedelta(minutes=1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = check(student, question_set, issued.token, [a_pair])

    assert response.status_code == 400 and "expired" in response.json()["detail"]


def test_another_students_round_is_refused(client, bob, question_set, issued, a_pair):
    client.force_login(bob)

    response = check(client, question_set, issued.token, [a_pair])

    assert response.status_code == 400


def test_a_round_of_another_mode_is_refused(student, question_set, issued, a_pair):
    response = check(student, question_set, issued.token, [a_pair], kind="dates")

    assert response.status_code == 400


def test_items_not_of_the_round_or_used_twice_are_refused(student, alice, question_set, issued, a_pair):
    other = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    left, right = a_pair
    strange = next(iter(key_of(alice, question_set, other).items()))

    assert check(student, question_set, issued.token, [strange]).status_code == 400
    assert check(student, question_set, issued.token, [a_pair, (left, right)]).status_code == 400
    response = student.post(
        reverse("practice_match_check", args=[question_set.pk]),
        {"token": issued.token, "with": "people", "pair": "nocolon"},
    )
    assert response.status_code == 400
    assert not Card.objects.exists()


def test_a_timeline_order_must_hold_each_event_once(student, alice, question_set):
    issued = new_round(alice, question_set, Mode.TIMELINE)
    handles = [item.handle for item in issued.left]
    url = reverse("practice_timeline", args=[question_set.pk])

    missing = student.post(
        url, {"token": issued.token, "item": handles[:-1], "position": range(1, len(handles))}
    )
    twice = student.post(url, {"token": issued.token, "item": handles, "position": [1] * len(handles)})
    forged = student.post(
        url, {"token": issued.token + "x", "item": handles, "position": range(1, len(handles) + 1)}
    )

    assert missing.status_code == 400 and twice.status_code == 400 and forged.status_code == 400
    assert "its own place" in twice.content.decode()
    assert not PracticeRecord.objects.exists() and not Card.objects.exists()


@pytest.mark.parametrize("name", ["practice_match", "practice_timeline", "practice_match_check"])
def test_a_set_the_student_cannot_see_is_not_found(student, tinas_draft, name):
    method = student.post if name == "practice_match_check" else student.get

    assert method(reverse(name, args=[tinas_draft.pk])).status_code == 404


@pytest.mark.parametrize("name", ["practice_match", "practice_timeline"])
def test_a_set_without_facts_offers_no_practice(student, tinas_set, name):
    response = student.get(reverse(name, args=[tinas_set.pk]))
    page = student.get(reverse("set", args=[tinas_set.pk]))

    assert response.status_code == 404
    assert "Match" not in page.content.decode() and "Timeline" not in page.content.decode()


@pytest.mark.parametrize("name", ["practice_match", "practice_timeline"])
def test_logged_out_visitors_are_sent_to_log_in(client, question_set, name):
    response = client.get(reverse(name, args=[question_set.pk]))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_open_quiz_pauses_practice_on_its_set(student, alice, question_set, issued, a_pair):
    quiz = Attempt.objects.create(
        user=alice, question_set=question_set, question_ids=[], started_at=timezone.now(), total=0
    )

    page = student.get(reverse("practice_match", args=[question_set.pk]))
    timeline = student.get(reverse("practice_timeline", args=[question_set.pk]))
    response = check(student, question_set, issued.token, [a_pair])

    assert "Your quiz on this set is open" in page.content.decode()
    assert 'class="match-tile"' not in page.content.decode()
    assert "Your quiz on this set is open" in timeline.content.decode()
    assert response.status_code == 409 and response.json()["open_quiz"] == quiz.pk
