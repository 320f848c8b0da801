"""Practice modes: judging a Match pairing or a Timeline order, feeding what was missed to
the study queue, and keeping each student's best time.

No points are earned here and no review is logged: a miss only makes the cards the missed
item came from due now (a card never studied is met, as new), so the study queue asks them
next; their FSRS memory is left as it is.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Least

from quizzes.models import Card, Event, PracticeRecord, QuestionSet
from quizzes.selectors import practice
from quizzes.selectors.practice import InvalidRound, Mode
from quizzes.services.study import QuizInProgress

# The fastest a person can match a pair: find it, then aim and press twice (two choice
# reactions of ~250 ms each). A round finished faster was not played by hand: not recorded.
MIN_MS_PER_PAIR = 500


@dataclass
class MatchCheck:
    """The verdict on each pairing sent, and, when the last pair is right, the round's finish."""

    verdicts: list[bool]
    finished: bool = False
    elapsed_ms: int | None = None
    too_fast: bool = False
    recorded: bool = False
    best_ms: int | None = None
    new_best: bool = False
    # Every pair of the round, as (left text, right text): only once every item is answered.
    pairs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class PlacedEvent:
    event: Event
    placed: int  # 1-based, where the student put it
    in_order: bool


@dataclass
class TimelineCheck:
    """The events in the right order, each with where it was put and whether it was in order."""

    events: list[PlacedEvent]

    @property
    def in_order_count(self) -> int:
        return sum(placed.in_order for placed in self.events)


def check_match(
    *, user, question_set: QuestionSet, mode: str, token: str, pairs: list[tuple[str, str]], now: dt.datetime
) -> MatchCheck:
    """Judge the pairings sent for a Match round (the page sends those it has matched so far
    and the new one; the form without JavaScript all at once). Both items of a wrong pairing
    are missed: the student knew neither. When every item is paired rightly the round is
    finished, timed by the server from when it was issued."""
    if question_set.open_quiz_id is not None:
        raise QuizInProgress(question_set.open_quiz_id)
    issued = practice.read_round(user=user, question_set=question_set, mode=mode, token=token)
    lefts = [left for left, _ in pairs]
    rights = [right for _, right in pairs]
    if (
        not pairs
        or len(set(lefts)) != len(lefts)
        or len(set(rights)) != len(rights)
        or not set(lefts) <= issued.left.keys()
        or not set(rights) <= issued.right.keys()
    ):
        raise InvalidRound("Pair each item of the round at most once.")
    verdicts = [issued.left[left].pk == issued.right[right].pk for left, right in pairs]
    missed = {issued.left[left].pk for (left, _), right in zip(pairs, verdicts, strict=True) if not right}
    missed |= {issued.right[right].pk for (_, right), ok in zip(pairs, verdicts, strict=True) if not ok}
    result = MatchCheck(verdicts=verdicts)
    with transaction.atomic():
        if missed:
            mark_missed(user=user, question_set=question_set, mode=mode, fact_ids=missed, now=now)
        if sum(verdicts) == len(issued.left):
            result.finished = True
            result.elapsed_ms = max(round((now - issued.started_at).total_seconds() * 1000), 0)
            result.too_fast = result.elapsed_ms < MIN_MS_PER_PAIR * len(issued.left)
            record = record_round(
                user=user,
                question_set=question_set,
                mode=mode,
                started_at=issued.started_at,
                elapsed_ms=None if result.too_fast else result.elapsed_ms,
            )
            result.recorded = record.counted
            result.best_ms = record.best_ms
            result.new_best = record.counted and not result.too_fast and record.best_ms == result.elapsed_ms
    if len(pairs) == len(issued.left):  # every item answered: the round's pairs may be shown
        result.pairs = [
            (fact.name, practice.shown_clue(fact, precision=issued.precision))
            for fact in issued.left.values()
        ]
    return result


def check_timeline(
    *, user, question_set: QuestionSet, token: str, order: list[str], now: dt.datetime
) -> TimelineCheck:
    """Judge a Timeline order (the handles, first first). The events out of place are the
    fewest that must move to put the rest in order; they are missed. The round counts once."""
    if question_set.open_quiz_id is not None:
        raise QuizInProgress(question_set.open_quiz_id)
    issued = practice.read_round(user=user, question_set=question_set, mode=Mode.TIMELINE, token=token)
    if sorted(order) != sorted(issued.left):
        raise InvalidRound("Put every event of the round in the order, each once.")
    placed = [issued.left[item] for item in order]
    right_order = sorted(placed, key=lambda event: practice.event_date(event).first_day)
    kept = practice.in_order([event.pk for event in placed], [event.pk for event in right_order])
    where = {event.pk: index + 1 for index, event in enumerate(placed)}
    missed = {event.pk for event in placed if event.pk not in kept}
    with transaction.atomic():
        if missed:
            mark_missed(user=user, question_set=question_set, mode=Mode.TIMELINE, fact_ids=missed, now=now)
        record_round(
            user=user,
            question_set=question_set,
            mode=Mode.TIMELINE,
            started_at=issued.started_at,
            elapsed_ms=None,
        )
    for event in right_order:
        event.shown_date = practice.event_date(event)
    return TimelineCheck(
        events=[
            PlacedEvent(event=event, placed=where[event.pk], in_order=event.pk in kept)
            for event in right_order
        ]
    )


def mark_missed(*, user, question_set: QuestionSet, mode: str, fact_ids: set[int], now: dt.datetime) -> int:
    """Make the user's cards of the questions the missed facts came from due now: cards due
    later are brought forward, keeping their scheduled due, before which a review earns no
    points (Card.scheduled_due: a miss on purpose farms nothing); questions never studied
    are met as new cards. Three queries whatever the number. Returns the questions fed."""
    people = set(fact_ids) if mode == Mode.MATCH_PEOPLE else set()
    events = set() if mode == Mode.MATCH_PEOPLE else set(fact_ids)
    question_ids = practice.questions_about(question_set=question_set, people=people, events=events)
    if not question_ids:
        return 0
    with transaction.atomic():
        brought_forward = Card.objects.filter(user=user, question_id__in=question_ids, due__gt=now)
        brought_forward.update(scheduled_due=F("due"), due=now)
        Card.objects.bulk_create(
            [
                Card(user=user, question_id=pk, question_set_id=question_set.pk, due=now, created_at=now)
                for pk in question_ids
            ],
            ignore_conflicts=True,
        )
    return len(question_ids)


@dataclass
class RecordedRound:
    counted: bool
    best_ms: int | None


def record_round(
    *, user, question_set: QuestionSet, mode: str, started_at: dt.datetime, elapsed_ms: int | None
) -> RecordedRound:
    """Count a finished round and keep the best time (it only improves). A round issued no
    later than the last one counted (the same token again, an older tab) is not counted."""
    records = PracticeRecord.objects.filter(user=user, question_set=question_set, mode=mode)
    changes = {"rounds": F("rounds") + 1, "last_round_at": started_at}
    if elapsed_ms is not None:
        changes["best_ms"] = Least(Coalesce(F("best_ms"), elapsed_ms), elapsed_ms)
    with transaction.atomic():
        # Made if missing (two finishes at once cannot both insert), then counted in one
        # conditional UPDATE, so neither a race nor a replay counts a round twice.
        PracticeRecord.objects.bulk_create(
            [PracticeRecord(user=user, question_set=question_set, mode=mode)], ignore_conflicts=True
        )
        counted = records.filter(Q(last_round_at__isnull=True) | Q(last_round_at__lt=started_at)).update(
            **changes
        )
        best_ms = records.values_list("best_ms", flat=True).get()
    return RecordedRound(counted=bool(counted), best_ms=best_ms)
