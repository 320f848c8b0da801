"""Match and Timeline rounds are fair (docs/content.md, "Practice modes"): no item with two
right answers, no give-away, for both bundled sources, over many random rounds; and neither
the page nor the token says which item goes with which."""

import json
import random
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.utils import timezone
from practice_helpers import key_of, new_round

from quizzes.models import Event, EventParticipant, Person, QuestionSet
from quizzes.selectors import practice

SOURCES = {
    "persian": Path(settings.BASE_DIR) / "fixtures" / "persian_constitutional_revolution.json",
    "hanseatic": Path(settings.BASE_DIR) / "tests" / "fixtures" / "hanseatic_league.json",
}
ROUNDS = 40
Mode = practice.Mode


@pytest.fixture(params=sorted(SOURCES))
def source_set(request, db):
    call_command("load_facts", str(SOURCES[request.param]), verbosity=0)
    call_command("generate_questions", verbosity=0)
    return QuestionSet.objects.get(source__isnull=False)


def read(alice, source_set, issued):
    return practice.read_round(user=alice, question_set=source_set, mode=issued.mode, token=issued.token)


def test_match_people_rounds_have_one_right_description_each_and_no_give_away(alice, source_set):
    people = list(Person.objects.filter(source=source_set.source))
    for seed in range(ROUNDS):
        issued = new_round(alice, source_set, Mode.MATCH_PEOPLE, rng=random.Random(seed))
        chosen = list(read(alice, source_set, issued).left.values())
        clues = {item.text for item in issued.right}

        assert len(chosen) == practice.MATCH_PAIRS
        assert len({practice.normalized(clue) for clue in clues}) == len(chosen), "two alike descriptions"
        for person in chosen:
            clue = (person.description or person.role).strip()
            assert clue in clues
            for anyone in people:  # names no one, the person least of all
                for name in [anyone.name, *anyone.aliases]:
                    assert not practice.phrase_in(name, clue), f"{clue!r} names {name!r}"
            for other in chosen:  # no word of a shown name, its own or another's
                assert not practice.name_words(other) & set(practice.words(clue)), (
                    f"{clue!r} ~ {other.name!r}"
                )
            sharers = [
                p
                for p in people
                if p.pk != person.pk
                and practice.normalized(p.description or p.role) == practice.normalized(clue)
            ]
            assert sharers == [], f"{clue!r} is said of {sharers} too"


def test_match_dates_rounds_have_distinct_dates_at_one_precision(alice, source_set):
    for seed in range(ROUNDS):
        issued = new_round(alice, source_set, Mode.MATCH_DATES, rng=random.Random(seed))
        events = list(read(alice, source_set, issued).left.values())
        shown = [item.text for item in issued.right]

        assert len(events) == practice.MATCH_PAIRS
        assert len(set(shown)) == len(shown)
        dates = [practice.event_date(event) for event in events]
        assert all(date is not None for date in dates), "no range, second date or open end"
        precision = read(alice, source_set, issued).precision
        truncated = [practice.at_precision(date, precision) for date in dates]
        assert {date.precision for date in truncated} == {precision}
        for index, date in enumerate(truncated):  # no shown date is true of two events
            assert not any(date.overlaps(other) for other in truncated[index + 1 :])
        assert sorted(shown) == sorted(date.written() for date in truncated)


def test_timeline_rounds_are_five_to_seven_events_with_an_order_and_no_one_in_common(alice, source_set):
    people_of = {}
    for event_id, person_id in EventParticipant.objects.values_list("event_id", "person_id"):
        people_of.setdefault(event_id, set()).add(person_id)
    dated = sorted(
        (
            practice.event_date(e)
            for e in Event.objects.filter(source=source_set.source)
            if practice.event_date(e)
        ),
        key=lambda date: (date.first_day, date.last_day),
    )
    sixth = len(dated) / practice.TIMELINE_EVENTS
    for seed in range(ROUNDS):
        issued = new_round(alice, source_set, Mode.TIMELINE, rng=random.Random(seed))
        events = list(read(alice, source_set, issued).left.values())
        dates = sorted((practice.event_date(event) for event in events), key=lambda date: date.first_day)

        assert practice.MIN_TIMELINE_EVENTS <= len(events) <= 7
        assert all(
            earlier.last_day < later.first_day for earlier, later in zip(dates, dates[1:], strict=False)
        )
        for index, event in enumerate(events):
            for other in events[index + 1 :]:
                assert not people_of.get(event.pk, set()) & people_of.get(other.pk, set())
        # spread over the period: one of its first events, and one of its last
        assert dated.index(dates[0]) < sixth
        assert dated.index(dates[-1]) >= len(dated) - 2 * sixth


def test_rounds_vary(alice, source_set):
    rounds = {
        frozenset(item.text for item in new_round(alice, source_set, Mode.MATCH_PEOPLE).left)
        for _ in range(10)
    }

    assert len(rounds) > 1


@pytest.mark.parametrize("mode", [Mode.MATCH_PEOPLE, Mode.MATCH_DATES, Mode.TIMELINE])
def test_neither_the_token_nor_the_handles_say_which_goes_with_which(alice, source_set, mode):
    issued = new_round(alice, source_set, mode)
    payload = signing.loads(issued.token, salt=practice.TOKEN_SALT)
    facts = list(read(alice, source_set, issued).left.values())
    flat = json.dumps(payload)

    assert set(payload) == {"u", "s", "m", "n", "t", "p", "l", "r"}
    # No id, key or date of a fact among the round's handles ("u" is the student's id, "s"
    # the set's: a fact's id may equal either by chance, and says nothing there).
    handles = json.dumps([payload[name] for name in ("n", "p", "l", "r")])
    for fact in facts:
        assert f'"{fact.key}"' not in flat
        assert not re.search(rf"(?<![\w-]){fact.pk}(?![\w-])", handles), (fact.pk, handles)
    if mode != Mode.TIMELINE:
        key = key_of(alice, source_set, issued)
        assert all(left != right for left, right in key.items())
        assert not set(key) & set(key.values())


def test_a_set_without_facts_has_no_rounds(alice, tinas_set):
    for mode in Mode.values:
        assert practice.issue_round(user=alice, question_set=tinas_set, mode=mode, now=timezone.now()) is None
