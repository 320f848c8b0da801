"""Plausible wrong choices that the facts never make right.

Candidates come in tiers, most plausible first (the same side, the same region, a
nearby date); each tier is shuffled by the question's own seed, so choices are
stable across runs.
"""

import random

from quizzes.answers import normalize_text
from quizzes.dates import PartialDate
from quizzes.generation.factbase import EventDates, FactBase
from quizzes.models import Person, Place

# Far enough that the day and the month both change: a wrong date sharing the answer's day
# ("24 May") and another its month ("28 June") leave the answer the one that overlaps both.
DAY_STEPS = (17, 23, 31, 38, 45, 53, 61)
MONTH_STEPS = (1, 2, 3, 4, 6)
YEAR_STEPS = (1, 2, 3, 4)


def nearly_the_same(a: str, b: str) -> bool:
    """Two texts of which most words are shared ("regent who dissolved parliament…" and "shah
    whose regent dissolved parliament…"): offered together, a student rules both out."""
    words_a, words_b = set(normalize_text(a).split()), set(normalize_text(b).split())
    return len(words_a) > 2 and len(words_a & words_b) / len(words_a | words_b) >= 0.6


def pick_from_tiers(tiers: list[list], *, rng: random.Random, count: int, label) -> list:
    """Take `count` items, tier by tier, skipping any whose label repeats, or nearly repeats,
    one already taken."""
    picked, labels = [], []
    for tier in tiers:
        tier = list(tier)
        rng.shuffle(tier)
        for item in tier:
            text = label(item)
            key = normalize_text(text).replace(" ", "")
            if any(key == taken_key or nearly_the_same(text, taken) for taken, taken_key in labels):
                continue
            picked.append(item)
            labels.append((text, key))
            if len(picked) == count:
                return picked
    return picked


def near_dates(
    dates: EventDates, *, rng: random.Random, count: int = 3, after=None, before=None
) -> list[PartialDate]:
    """Dates near the true one, at its precision, that no date of the event overlaps; those
    after `after` and before `before` first (the dates of what the same people did before and
    after it: a deposed shah's return is not dated before his deposition)."""
    date = dates.date
    if date.precision == "day":
        # Weeks off, in another month and on another day: close enough to confuse, with
        # nothing shared with the answer alone to single it out.
        candidates = [date.shifted(sign * step) for step in DAY_STEPS for sign in (-1, 1)]
        tiers = [[c for c in candidates if c.day != date.day and c.month != date.month]]
    elif date.precision == "month":
        tiers = [[date.shifted(sign * step) for step in MONTH_STEPS for sign in (-1, 1)]]
    else:
        tiers = [[date.shifted(sign * step) for step in YEAR_STEPS for sign in (-1, 1)]]
    tiers = [[candidate for candidate in tier if not dates.overlaps(candidate)] for tier in tiers]
    possible = [
        c
        for c in tiers[0]
        if (after is None or c.first_day > after.last_day)
        and (before is None or c.last_day < before.first_day)
    ]
    tiers = [possible, [c for c in tiers[0] if c not in possible]]
    return pick_from_tiers(tiers, rng=rng, count=count, label=PartialDate.written)


def years_away(dates: EventDates, *, rng: random.Random) -> list[PartialDate]:
    """One false date at the date's precision, a year or more away: a true/false statement
    a few days off would test a detail nobody should learn (and might be a misprint)."""
    candidates = [
        PartialDate(dates.date.year + sign * step, dates.date.month, dates.date.day)
        for step in (1, 2, 3)
        for sign in (-1, 1)
        if dates.date.day is None or dates.date.day <= 28
    ]
    tiers = [[candidate for candidate in candidates if not dates.overlaps(candidate)]]
    return pick_from_tiers(tiers, rng=rng, count=1, label=PartialDate.written)


def similar_places(
    facts: FactBase, place: Place, *, excluded: set[int], rng: random.Random, count: int = 3
) -> list[Place]:
    """Places of the same kind in the same country, nearest first: same parent, same
    grandparent, anywhere (a city abroad among the home country's would give itself away)."""
    blocked = excluded | facts.related_places(place)
    country = facts.country_of(place)
    candidates = [
        p
        for p in facts.places
        if p.kind == place.kind and p.pk not in blocked and facts.country_of(p) in (country, None)
    ]
    if country is None:
        candidates = [p for p in candidates if facts.country_of(p) is None]
    town = facts.settlement(place)
    if place.kind in ("building", "neighbourhood") and town is not None:
        # A building in another city ("the Russian Embassy in Tehran" for a gathering in
        # Mashhad) is told apart by its city alone.
        candidates = [p for p in candidates if facts.settlement(p) == town]
    ancestors = facts.ancestors(place)
    parent = ancestors[0].pk if ancestors else None
    grandparent = ancestors[1].pk if len(ancestors) > 1 else None
    same_parent = [p for p in candidates if parent and p.located_in_id == parent]
    same_region = [
        p
        for p in candidates
        if p not in same_parent and grandparent and grandparent in {a.pk for a in facts.ancestors(p)}
    ]
    rest = [p for p in candidates if p not in same_parent and p not in same_region]
    names = {normalize_text(name) for name in [place.name, *place.aliases]}
    tiers = [
        [p for p in tier if normalize_text(p.name) not in names] for tier in (same_parent, same_region, rest)
    ]
    return pick_from_tiers(tiers, rng=rng, count=count, label=lambda p: p.name)


def similar_people(
    facts: FactBase, person: Person, *, excluded: set[int], rng: random.Random, count: int = 3, label=None
) -> list[Person]:
    """People of the same side first, then people who also led or commanded, then anyone.

    `label` is what the choice shows (the name, or the description): no two alike.
    """
    blocked = excluded | {person.pk}
    candidates = [p for p in facts.people if p.pk not in blocked]
    leaders = {
        row.person_id
        for rows in facts.participants.values()
        for row in rows
        if row.role in ("leader", "commander")
    }
    same_side = [p for p in candidates if p.side_id == person.side_id]
    same_standing = [p for p in candidates if p not in same_side and p.pk in leaders]
    rest = [p for p in candidates if p not in same_side and p not in same_standing]
    return pick_from_tiers(
        [same_side, same_standing, rest], rng=rng, count=count, label=label or (lambda p: p.name)
    )
