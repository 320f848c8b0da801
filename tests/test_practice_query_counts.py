"""Checking a Match pairing or a Timeline order costs the same queries however many items
are sent or missed: the facts in one query, the missed cards in three."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from practice_helpers import key_of, new_round, right_order

from quizzes.selectors import practice

Mode = practice.Mode


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = action()
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


def post_pairs(client, question_set, issued, pairs):
    url = reverse("practice_match_check", args=[question_set.pk])
    body = {"token": issued.token, "with": "people", "pair": [f"{left}:{right}" for left, right in pairs]}
    return lambda: client.post(url, body)


@pytest.mark.parametrize("mode", [Mode.MATCH_PEOPLE, Mode.MATCH_DATES])
def test_one_wrong_pair_costs_as_much_as_every_pair_wrong(student, alice, question_set, mode):
    kind = "people" if mode == Mode.MATCH_PEOPLE else "dates"
    first, second = new_round(alice, question_set, mode), new_round(alice, question_set, mode)
    one_key, all_key = key_of(alice, question_set, first), key_of(alice, question_set, second)
    one_wrong = [(list(one_key)[0], list(one_key.values())[1])]
    lefts, rights = list(all_key), list(all_key.values())
    all_wrong = list(
        zip(lefts, rights[1:] + rights[:1], strict=True)
    )  # every item with its neighbour's match
    url = reverse("practice_match_check", args=[question_set.pk])

    def post(issued, pairs):
        body = {"token": issued.token, "with": kind, "pair": [f"{left}:{right}" for left, right in pairs]}
        return lambda: student.post(url, body)

    assert len(all_wrong) >= practice.MIN_MATCH_PAIRS
    assert queries_of(post(first, one_wrong)) == queries_of(post(second, all_wrong))


def test_a_finish_costs_the_same_however_many_pairs(student, alice, question_set):
    issued = new_round(alice, question_set, Mode.MATCH_PEOPLE)
    key = key_of(alice, question_set, issued)
    pairs = list(key.items())

    one = queries_of(post_pairs(student, question_set, issued, pairs[:1]))
    finish = queries_of(post_pairs(student, question_set, issued, pairs))

    assert finish == one + 5  # the record made if missing, counted and read back, in a savepoint


def test_a_timeline_costs_the_same_with_one_or_all_out_of_place(student, alice, question_set):
    url = reverse("practice_timeline", args=[question_set.pk])
    first, second = (
        new_round(alice, question_set, Mode.TIMELINE),
        new_round(alice, question_set, Mode.TIMELINE),
    )
    one_out = right_order(alice, question_set, first)
    one_out[0], one_out[1] = one_out[1], one_out[0]
    all_out = list(reversed(right_order(alice, question_set, second)))

    def post(issued, order):
        return lambda: student.post(
            url, {"token": issued.token, "item": order, "position": range(1, len(order) + 1)}
        )

    assert queries_of(post(first, one_out)) == queries_of(post(second, all_out))


def test_a_new_round_costs_a_fixed_number_of_queries(student, question_set):
    match = queries_of(
        lambda: student.get(reverse("practice_match", args=[question_set.pk]) + "?with=people")
    )
    timeline = queries_of(lambda: student.get(reverse("practice_timeline", args=[question_set.pk])))

    assert match <= 6 and timeline <= 6  # session, user, the set, its facts (and participants), records
