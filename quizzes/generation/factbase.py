"""All facts of one source in memory, with the relations the templates ask about."""

import datetime as dt
import hashlib
import random
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from quizzes.answers import normalize_text
from quizzes.dates import PartialDate
from quizzes.models import Event, EventParticipant, Person, Place, Sentence, Side, Source, Statement

SETTLEMENT_KINDS = ("city", "town", "village")


def seeded_random(*parts: str) -> random.Random:
    """A random generator fixed by its parts, so the same facts give the same questions."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def names_of(thing) -> list[str]:
    return [thing.name, *thing.aliases]


def mentions(text: str, names: list[str]) -> bool:
    """Whether `text` contains any of `names` at the start of a word (after normalizing).

    Word starts, not whole words: "the Persian campaign" gives away "Persia".
    """
    haystack = f" {normalize_text(text)}"
    return any(f" {normalize_text(name)}" in haystack for name in names if normalize_text(name))


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class EventDates:
    """What the source says about an event's time: its date, a range end, other dates, or
    that the date is only when it began (`open_end`: an occupation whose end is not given)."""

    date: PartialDate
    end: PartialDate | None
    others: tuple[PartialDate, ...]
    open_end: bool = False

    @classmethod
    def of(cls, event: Event) -> "EventDates | None":
        if not event.date:
            return None
        return cls(
            date=PartialDate.parse(event.date),
            end=PartialDate.parse(event.date_end) if event.date_end else None,
            others=tuple(PartialDate.parse(other) for other in event.other_dates),
            open_end=bool(getattr(event, "open_ended", False)),
        )

    @property
    def begins(self) -> bool:
        """Whether the date is a beginning (of a range or of something still going on)."""
        return self.end is not None or self.open_end

    def written(self) -> str:
        """All the source says: "1905–1911", "from 1911", "16 July 1909 (or 15 July 1909)"."""
        text = self.date.written() + (f"–{self.end.written()}" if self.end else "")
        if self.open_end:
            text = f"from {text}"
        if self.others:
            text += f" (or {', '.join(other.written() for other in self.others)})"
        return text

    @property
    def intervals(self) -> list[tuple]:
        """The spans of time the source allows; an open end runs on indefinitely."""
        last = dt.date.max if self.open_end else (self.end or self.date).last_day
        first = (self.date.first_day, last)
        return [first, *((other.first_day, other.last_day) for other in self.others)]

    def overlaps(self, candidate: PartialDate) -> bool:
        """Whether `candidate` could be read as true of this event."""
        return any(
            start <= candidate.last_day and candidate.first_day <= end for start, end in self.intervals
        )

    def strictly_before(self, other: "EventDates") -> bool:
        latest = max(end for _, end in self.intervals)
        earliest = min(start for start, _ in other.intervals)
        return latest < earliest


class FactBase:
    def __init__(self, source: Source):
        self.source = source
        self.people = list(
            Person.objects.filter(source=source).select_related("side", "sentence").order_by("key")
        )
        self.places = list(Place.objects.filter(source=source).select_related("sentence").order_by("key"))
        self.events = list(Event.objects.filter(source=source).select_related("sentence").order_by("key"))
        self.place_by_id = {place.pk: place for place in self.places}
        self.person_by_id = {person.pk: person for person in self.people}
        self.event_by_id = {event.pk: event for event in self.events}
        self.participants: dict[int, list[EventParticipant]] = {event.pk: [] for event in self.events}
        for row in EventParticipant.objects.filter(event__source=source).order_by("person__key"):
            self.participants[row.event_id].append(row)
        self.dates = {event.pk: EventDates.of(event) for event in self.events}
        self.sentences = list(Sentence.objects.filter(source=source).order_by("key"))
        self.statements = list(
            Statement.objects.filter(source=source).select_related("sentence").order_by("key")
        )

    def place_of(self, event: Event) -> Place | None:
        return self.place_by_id.get(event.place_id)

    def ancestors(self, place: Place) -> list[Place]:
        chain, seen = [], {place.pk}
        parent = self.place_by_id.get(place.located_in_id)
        while parent is not None and parent.pk not in seen:
            chain.append(parent)
            seen.add(parent.pk)
            parent = self.place_by_id.get(parent.located_in_id)
        return chain

    @cached_property
    def descendants(self) -> dict[int, set[int]]:
        below: dict[int, set[int]] = {place.pk: set() for place in self.places}
        for place in self.places:
            for ancestor in self.ancestors(place):
                below[ancestor.pk].add(place.pk)
        return below

    def country_of(self, place: Place) -> int | None:
        """The country a place is or lies in, if the facts say."""
        for candidate in [place, *self.ancestors(place)]:
            if candidate.kind == "country":
                return candidate.pk
        return None

    @cached_property
    def active_years(self) -> dict[int, set[int]]:
        """The years each person took part in a dated event."""
        years: dict[int, set[int]] = {person.pk: set() for person in self.people}
        for event in self.events:
            if self.dates[event.pk] is not None:
                for row in self.participants[event.pk]:
                    years[row.person_id].add(self.dates[event.pk].date.year)
        return years

    def active_near(self, person: Person, year: int, *, within: int = 3) -> bool:
        """Whether the person took part in something within `within` years of `year`: a shah
        who had died years before is no wrong answer to who dissolved parliament in 1911."""
        return any(abs(active - year) <= within for active in self.active_years[person.pk])

    @cached_property
    def leading_ids(self) -> set[int]:
        """People who led or commanded something."""
        return {
            row.person_id
            for rows in self.participants.values()
            for row in rows
            if row.role in ("leader", "commander")
        }

    def related_places(self, place: Place) -> set[int]:
        """The place, what it lies in and what lies in it: all true answers to "where"."""
        return {place.pk, *(p.pk for p in self.ancestors(place)), *self.descendants[place.pk]}

    def is_salient(self, person: Person) -> bool:
        """Whether the text tells the person apart: a description of their own. Someone it
        only lists among others (five officials of one army, one description) gets no "who
        was", "who is described" or "which side" question: they would be trivia."""
        description = normalize_text(person.description)
        if not description:
            return False
        return not any(normalize_text(p.description) == description for p in self.people if p.pk != person.pk)

    @cached_property
    def home_country_id(self) -> int | None:
        """The country most places lie in, if it holds most of them: asking for it tells nothing."""
        countries = Counter(
            ancestor.pk
            for place in self.places
            for ancestor in self.ancestors(place)
            if ancestor.kind == "country"
        )
        if not countries:
            return None
        country, count = countries.most_common(1)[0]
        return country if count * 2 > len(self.places) else None

    def participant_ids(self, event: Event) -> set[int]:
        return {row.person_id for row in self.participants[event.pk]}

    def settlement(self, place: Place | None) -> Place | None:
        """The city, town or village a place is (or lies in); None for regions and countries."""
        for candidate in [place, *self.ancestors(place)] if place else []:
            if candidate.kind in SETTLEMENT_KINDS:
                return candidate
        return None

    def local_allies(self, event: Event, person: Person) -> set[int]:
        """People of `person`'s side who took part in anything in the same city as `event`.

        They were there and on that side, so "Who led the revolt in Mashhad?" must not
        offer another Mashhad authoritarian as the wrong answer.
        """
        town = self.settlement(self.place_of(event))
        if town is None:
            return set()
        here = {town.pk, *self.descendants[town.pk]}
        return {
            row.person_id
            for other in self.events
            if other.place_id in here
            for row in self.participants[other.pk]
            if self.person_by_id[row.person_id].side_id == person.side_id
        }

    def associates(self, event: Event) -> set[int]:
        """People whose role names someone in `event`, and people named in the role of
        someone in it: Yeprem Khan's best men, Mohammad Ali Shah's brothers and officers.

        "Yeprem Khan's forces arrested him": one of his men might have led them, so a
        subordinate (or superior) is never a wrong answer about the event.
        """
        takers = [self.person_by_id[pk] for pk in self.participant_ids(event)]
        return {
            person.pk
            for person in self.people
            for taker in takers
            if mentions(person.role, names_of(taker)) or mentions(taker.role, names_of(person))
        }

    @cached_property
    def opposed_sides(self) -> dict[int, list[Side]]:
        """For each side, the sides it fought: the only safe wrong answers to "which side"."""
        sides = {side.pk: side for side in Side.objects.filter(source=self.source).order_by("key")}
        opposed: dict[int, list[Side]] = {pk: [] for pk in sides}
        for row in Side.opposes.through.objects.filter(from_side__source=self.source):
            opposed[row.from_side_id].append(sides[row.to_side_id])
        for others in opposed.values():
            others.sort(key=lambda side: side.key)
        return opposed
