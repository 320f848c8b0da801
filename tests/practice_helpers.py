"""Shared steps of the practice tests: issue a round and know its answer (as the server does)."""

from django.utils import timezone

from quizzes.selectors import practice


def new_round(user, question_set, mode, *, now=None, rng=None):
    return practice.issue_round(
        user=user, question_set=question_set, mode=mode, now=now or timezone.now(), rng=rng
    )


def key_of(user, question_set, issued) -> dict[str, str]:
    """A Match round's answer: each left handle with its right handle, read back from the token."""
    read = practice.read_round(user=user, question_set=question_set, mode=issued.mode, token=issued.token)
    right_of = {fact.pk: handle for handle, fact in read.right.items()}
    return {handle: right_of[fact.pk] for handle, fact in read.left.items()}


def wrong_pair(key: dict[str, str]) -> tuple[str, str]:
    """A pairing of the round that is wrong: the first left item with the second's match."""
    lefts = list(key)
    return lefts[0], key[lefts[1]]


def right_order(user, question_set, issued) -> list[str]:
    """A Timeline round's handles in the order the events happened."""
    read = practice.read_round(user=user, question_set=question_set, mode=issued.mode, token=issued.token)
    return sorted(read.left, key=lambda handle: practice.event_date(read.left[handle]).first_day)
