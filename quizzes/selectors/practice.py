"""Practice modes over a set's facts: Match (people with their descriptions, events with
their dates, against the clock) and Timeline (events in the order they happened).

Only sets generated from a fact source have facts. A round is chosen fairly (no item with
two right answers, no give-away: docs/content.md, "Practice modes") and issued as a signed
token (django.core.signing) that carries the round's items as opaque handles, HMACs of a
per-round nonce and the fact's id keyed by SECRET_KEY: the page and the token say which
items are in the round but never which goes with which, or which came first. The server
finds the facts again by the handles (`read_round`) and judges each answer.
"""

import datetime as dt
import random
import re
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.db.models import OuterRef, Q, Subquery
from django.utils.crypto import salted_hmac

from quizzes.dates import PartialDate
from quizzes.models import Attempt, Event, EventParticipant, Person, PracticeRecord, Question, QuestionSet

Mode = PracticeRecord.Mode
MATCH_MODES = (Mode.MATCH_PEOPLE, Mode.MATCH_DATES)
MATCH_PAIRS = 6
MIN_MATCH_PAIRS = 4
TIMELINE_EVENTS = 6
MIN_TIMELINE_EVENTS = 5
# A round may be answered for this long after it is issued; a finish later is refused.
ROUND_MAX_AGE = dt.timedelta(hours=2)
TOKEN_SALT = "quizzes.practice.round"
HANDLE_SALT = "quizzes.practice.item"
# Words of a name that say nothing about whose it is: particles, and letters too short to tell.
NAME_PARTICLES = {
    "the",
    "of",
    "von",
    "van",
    "der",
    "den",
    "de",
    "du",
    "da",
    "la",
    "le",
    "al",
    "ol",
    "ad",
    "ed",
}
YEAR_IN_NAME = re.compile(r"\b\d{3,4}\b")


class InvalidRound(Exception):
    """A round token that is forged, altered, expired, another user's or set's, or an answer
    naming items that are not in it (a 400)."""


@dataclass(frozen=True)
class Item:
    """One thing shown in a round: an opaque handle and what the page says."""

    handle: str
    text: str


@dataclass
class Round:
    """An issued round: the token, and the items in the order the page shows them (Match:
    `left` the people or events, `right` the descriptions or dates, shuffled apart;
    Timeline: `left` the events in a random order)."""

    mode: str
    token: str
    left: list[Item]
    right: list[Item] = field(default_factory=list)


@dataclass
class ReadRound:
    """A round read back from its token: when it was issued and its facts by handle."""

    mode: str
    started_at: dt.datetime
    left: dict[str, object]  # handle -> Person or Event
    right: dict[str, object]
    precision: str = ""


# --- the set -----------------------------------------------------------------------------


def practice_set(*, user, set_id, now: dt.datetime) -> QuestionSet:
    """The set if the user may see it, with `open_quiz_id` (the user's quiz being taken on
    it, which pauses practice as it pauses study: docs/security.md), in one query."""
    open_quizzes = Attempt.objects.filter(user=user, question_set=OuterRef("pk")).open(now)
    return (
        QuestionSet.objects.visible_to(user)
        .annotate(open_quiz_id=Subquery(open_quizzes.values("pk")[:1]))
        .get(pk=set_id)
    )


def best_times(*, user, question_set: QuestionSet) -> dict[str, PracticeRecord]:
    """The user's records on the set, by mode, in one query."""
    records = PracticeRecord.objects.filter(user=user, question_set=question_set)
    return {record.mode: record for record in records}


# --- fairness ----------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def phrase_in(phrase: str, text: str) -> bool:
    """Whether the words of `phrase` stand together in `text` (whole words, any case)."""
    needle = " ".join(words(phrase))
    return bool(needle) and f" {needle} " in f" {' '.join(words(text))} "


def name_words(person: Person) -> set[str]:
    """The words of a person's shown name that tell whose it is."""
    return {word for word in words(person.name) if len(word) >= 3 and word not in NAME_PARTICLES}


def normalized(text: str) -> str:
    return " ".join(word for word in words(text) if word not in {"a", "an", "the"})


def person_clues(people: list[Person]) -> dict[int, str]:
    """Each person who can be told by a short text, with it: the description, else the role.

    Left out: a text that names the person (the name, an alias, or a word of the shown
    name: "shah who launched a coup" for Mohammad Ali Shah), a text that names anyone else
    of the source (mirror pairs: "…together with Baqir Khan"), a text shared with anyone
    else or, for a role, found in anyone else's role or description ("constitutionalist
    commander" is said of several). A person with neither is left out too."""
    clues = {}
    shown = {person.pk: (person.description or person.role).strip() for person in people}
    for person in people:
        text = shown[person.pk]
        if not text:
            continue
        if name_words(person) & set(words(text)):
            continue
        if any(phrase_in(name, text) for other in people for name in [other.name, *other.aliases]):
            continue
        others = [other for other in people if other.pk != person.pk]
        if any(normalized(shown[other.pk]) == normalized(text) for other in others):
            continue
        if not person.description and any(
            phrase_in(text, f"{other.role} . {other.description}") for other in others
        ):
            continue
        clues[person.pk] = text
    return clues


def event_date(event: Event) -> PartialDate | None:
    """The one date an event is known by, or None: no date, a range, or dates the sources
    give two ways; or only when it began (an occupation, a revolt), when any later date is
    true of it too."""
    if not event.date or event.date_end or event.other_dates or event.open_ended:
        return None
    if YEAR_IN_NAME.search(event.name):  # "the 1908 coup" dates itself
        return None
    try:
        return PartialDate.parse(event.date)
    except ValueError:
        return None


def at_precision(date: PartialDate, precision: str) -> PartialDate:
    """The date as precise as `precision`: a day-precision date reads as its month or year."""
    if precision == "year":
        return PartialDate(date.year)
    if precision == "month":
        return PartialDate(date.year, date.month)
    return date


PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def pick_people(people: list[Person], *, rng: random.Random) -> list[Person]:
    """Up to MATCH_PAIRS people with their clues, none of whose clue holds a word of another's
    shown name ("the Treaty of Utrecht" beside Simon of Utrecht)."""
    clues = person_clues(people)
    candidates = [person for person in people if person.pk in clues]
    rng.shuffle(candidates)
    chosen: list[Person] = []
    for person in candidates:
        clashes = any(
            name_words(other) & set(words(clues[person.pk]))
            or name_words(person) & set(words(clues[other.pk]))
            for other in chosen
        )
        if not clashes:
            chosen.append(person)
        if len(chosen) == MATCH_PAIRS:
            break
    for person in chosen:
        person.clue = clues[person.pk]
    return chosen


def pick_dated_events(events: list[Event], *, rng: random.Random) -> tuple[list[Event], str]:
    """Up to MATCH_PAIRS events of different dates, all shown at one precision (the month,
    or the year when fewer than a round's months differ; the finest of those a round can be
    made at, or either at random), one event a date: no date is true of two of them."""
    dated = [(event, event_date(event)) for event in events]
    dated = [(event, date) for event, date in dated if date is not None]
    workable = []
    for precision in ("day", "month", "year"):
        eligible = [(event, at_precision(date, precision)) for event, date in dated]
        eligible = [(event, date) for event, date in eligible if date.precision == precision]
        if len({date for _, date in eligible}) >= MATCH_PAIRS:
            workable.append((precision, eligible))
    if not workable:  # a small source: the coarsest round it has
        precision = "year"
        workable = [(precision, [(event, at_precision(date, precision)) for event, date in dated])]
    precision, eligible = rng.choice(workable)
    rng.shuffle(eligible)
    chosen, dates = [], set()
    for event, date in eligible:
        if date not in dates:
            dates.add(date)
            event.shown_date = date
            chosen.append(event)
        if len(chosen) == MATCH_PAIRS:
            break
    return chosen, precision


def pick_timeline(events: list[Event], *, people_of: dict[int, set[int]], rng: random.Random) -> list[Event]:
    """Up to TIMELINE_EVENTS events spread over the source's period, no two whose dates
    overlap (1909 and April 1909 have no order) and, where enough remain, no two with someone
    in common (an accession before an exile is logic, not history)."""
    dated = [(event, event_date(event)) for event in events]
    dated = [(event, date) for event, date in dated if date is not None]
    dated.sort(key=lambda pair: (pair[1].first_day, pair[1].last_day))
    for strict in (True, False):
        chosen = spread_pick(dated, people_of=people_of, strict=strict, rng=rng)
        if len(chosen) >= MIN_TIMELINE_EVENTS:
            break
    for event, date in chosen:
        event.shown_date = date
    return [event for event, _ in chosen]


def spread_pick(dated, *, people_of, strict: bool, rng: random.Random):
    """One event from each of TIMELINE_EVENTS stretches of the sorted list, at random, each
    fitting with those picked before; then any that fit, until the round is full."""
    stretches = [
        dated[len(dated) * index // TIMELINE_EVENTS : len(dated) * (index + 1) // TIMELINE_EVENTS]
        for index in range(TIMELINE_EVENTS)
    ]
    chosen: list = []

    def fits(event, date) -> bool:
        return all(
            not date.overlaps(other_date)
            and not (strict and people_of.get(event.pk, set()) & people_of.get(other.pk, set()))
            for other, other_date in chosen
        )

    for stretch in stretches:
        for event, date in rng.sample(stretch, len(stretch)):
            if fits(event, date):
                chosen.append((event, date))
                break
    for event, date in rng.sample(dated, len(dated)):
        if len(chosen) >= TIMELINE_EVENTS:
            break
        if (event, date) not in chosen and fits(event, date):
            chosen.append((event, date))
    return sorted(chosen, key=lambda pair: pair[1].first_day)


# --- issuing and reading rounds ----------------------------------------------------------


def handle(nonce: str, side: str, fact_id: int) -> str:
    """An item's id on the page: unguessable, different each round and on each side, so the
    page never shows which description is whose."""
    return salted_hmac(HANDLE_SALT, f"{nonce}:{side}:{fact_id}", algorithm="sha256").hexdigest()[:16]


def people_of_source(question_set: QuestionSet) -> list[Person]:
    return list(Person.objects.filter(source_id=question_set.source_id).order_by("pk"))


def events_of_source(question_set: QuestionSet) -> list[Event]:
    return list(
        Event.objects.filter(source_id=question_set.source_id).select_related("sentence").order_by("pk")
    )


def issue_round(*, user, question_set: QuestionSet, mode: str, now: dt.datetime, rng=None) -> Round | None:
    """A new round of `mode` on the set, or None when its facts cannot make a fair one."""
    rng = rng or random.SystemRandom()
    if question_set.source_id is None:
        return None
    nonce = secrets.token_urlsafe(12)
    precision = ""
    if mode == Mode.MATCH_PEOPLE:
        facts = pick_people(people_of_source(question_set), rng=rng)
        texts = {person.pk: (person.name, person.clue) for person in facts}
        enough = MIN_MATCH_PAIRS
    elif mode == Mode.MATCH_DATES:
        facts, precision = pick_dated_events(events_of_source(question_set), rng=rng)
        texts = {event.pk: (event.name, event.shown_date.written()) for event in facts}
        enough = MIN_MATCH_PAIRS
    elif mode == Mode.TIMELINE:
        events = events_of_source(question_set)
        participants = EventParticipant.objects.filter(event__source_id=question_set.source_id)
        people_of: dict[int, set[int]] = {}
        for event_id, person_id in participants.values_list("event_id", "person_id"):
            people_of.setdefault(event_id, set()).add(person_id)
        facts = pick_timeline(events, people_of=people_of, rng=rng)
        texts = {event.pk: (event.name, "") for event in facts}
        enough = MIN_TIMELINE_EVENTS
    else:
        raise ValueError(f"no practice mode {mode!r}")
    if len(facts) < enough:
        return None
    left = [Item(handle(nonce, "l", fact.pk), texts[fact.pk][0]) for fact in facts]
    rng.shuffle(left)
    right = []
    if mode in MATCH_MODES:
        right = [Item(handle(nonce, "r", fact.pk), texts[fact.pk][1]) for fact in facts]
        rng.shuffle(right)
    payload = {
        "u": user.pk,
        "s": question_set.pk,
        "m": str(mode),
        "n": nonce,
        "t": round(now.timestamp() * 1000),
        "p": precision,
        "l": [item.handle for item in left],
        "r": [item.handle for item in right],
    }
    token = signing.dumps(payload, salt=TOKEN_SALT, compress=True)
    return Round(mode=str(mode), token=token, left=left, right=right)


def read_round(*, user, question_set: QuestionSet, mode: str, token: str) -> ReadRound:
    """The round a token issued to this user on this set in this mode, with its facts (one
    query); InvalidRound if it is not one, or has expired."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=ROUND_MAX_AGE)
        nonce, left, right = payload["n"], payload["l"], payload["r"]
        issued_to = (payload["u"], payload["s"], payload["m"])
        started_at = dt.datetime.fromtimestamp(payload["t"] / 1000, tz=dt.UTC)
        precision = payload["p"]
    except signing.SignatureExpired:
        raise InvalidRound("This round has expired: start a new one.") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        raise InvalidRound("This is not a round this page gave you.") from None
    if issued_to != (user.pk, question_set.pk, str(mode)):
        raise InvalidRound("This is not a round this page gave you.")
    facts = people_of_source(question_set) if mode == Mode.MATCH_PEOPLE else events_of_source(question_set)
    by_handle = {side: {handle(nonce, side, fact.pk): fact for fact in facts} for side in ("l", "r")}
    if not all(item in by_handle["l"] for item in left) or not all(item in by_handle["r"] for item in right):
        raise InvalidRound("The facts of this round have changed: start a new one.")
    return ReadRound(
        mode=str(mode),
        started_at=started_at,
        left={item: by_handle["l"][item] for item in left},
        right={item: by_handle["r"][item] for item in right},
        precision=precision,
    )


def shown_clue(fact, *, precision: str) -> str:
    """What a Match round shows on the right for a fact: a person's clue, an event's date."""
    if isinstance(fact, Person):
        return (fact.description or fact.role).strip()
    return at_precision(event_date(fact), precision or "year").written()


def round_again(*, user, question_set: QuestionSet, mode: str, token: str) -> Round:
    """A round as it was issued, to show its form again (with the picks kept) after an
    answer the form could not take; InvalidRound as read_round."""
    issued = read_round(user=user, question_set=question_set, mode=mode, token=token)
    left = [Item(item, fact.name) for item, fact in issued.left.items()]
    right = [Item(item, shown_clue(fact, precision=issued.precision)) for item, fact in issued.right.items()]
    return Round(mode=str(mode), token=token, left=left, right=right)


def in_order(placed: list[int], right_order: list[int]) -> set[int]:
    """Of the events as placed, those in the longest run already in the right order
    relative to each other: the others are the fewest that must move (out of place)."""
    rank = {fact_id: index for index, fact_id in enumerate(right_order)}
    ranks = [rank[fact_id] for fact_id in placed]
    best_end = [1] * len(ranks)
    before = [-1] * len(ranks)
    for index, value in enumerate(ranks):
        for earlier in range(index):
            if ranks[earlier] < value and best_end[earlier] + 1 > best_end[index]:
                best_end[index], before[index] = best_end[earlier] + 1, earlier
    if not ranks:
        return set()
    index = max(range(len(ranks)), key=lambda at: (best_end[at], -at))
    kept = set()
    while index != -1:
        kept.add(placed[index])
        index = before[index]
    return kept


def questions_about(*, question_set: QuestionSet, people: set[int], events: set[int]) -> list[int]:
    """The set's questions a missed item came from: a person's who-questions (kind person),
    an event's date questions (or, for an event without one, all of its questions); one query."""
    rows = Question.objects.filter(question_set=question_set).filter(
        Q(person_id__in=people, kind=Question.Kind.PERSON) | Q(event_id__in=events)
    )
    rows = list(rows.order_by("pk").values_list("pk", "kind", "person_id", "event_id"))
    dated_events = {event for _, kind, _, event in rows if event in events and kind == Question.Kind.DATE}
    chosen = []
    for pk, kind, person, event in rows:
        about_person = person in people and kind == Question.Kind.PERSON
        about_event = event in events and (kind == Question.Kind.DATE or event not in dated_events)
        if about_person or about_event:
            chosen.append(pk)
    return chosen
