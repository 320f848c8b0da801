"""The study queue: a user's study counts of a set, and the next card to study.

The hottest reads of the service (every next card, docs/performance.md): plain SQL where
the ORM cost more Python than the query itself.
"""

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import (
    Q,
    QuerySet,
    prefetch_related_objects,
)

from config.plain_sql import column_list, compiled_statement, execute_prepared, field_count, from_row
from quizzes.models import Attempt, Card, Question, QuestionSet
from quizzes.models.attempts import OPEN_QUIZ_OF_SET_SQL
from quizzes.selectors import quiz_results


def day_bounds(now: dt.datetime, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The start of the user's local day containing `now`, and of the next one."""
    local = now.astimezone(zone)
    start = dt.datetime.combine(local.date(), dt.time(), tzinfo=zone)
    end = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start, end


def learn_ahead_until(now: dt.datetime) -> dt.datetime:
    """The end of the learn-ahead window (settings.LEARN_AHEAD_MINUTES, Anki's 20 by default):
    when nothing is due, a learning card coming due by then is studied early rather than
    leaving the student waiting for minutes on "All done"."""
    return now + dt.timedelta(minutes=settings.LEARN_AHEAD_MINUTES)


SET_FIELDS = field_count(QuestionSet)  # study_counts_sql's columns: the set's, then the counts


@functools.lru_cache(maxsize=512)
def study_counts_sql(sets_sql: str) -> str:
    """The sets that `sets_sql` selects (by id), each with the user's study counts.

    SQL rather than ORM subqueries because it runs on every next card: building the same
    counts as eight ORM subqueries cost ten times the Python (docs/performance.md). One
    pass over the user's cards of each set, along the (user, question_set, due) index; the
    day's introductions along (user, created_at); the open quiz (at most one per user and
    set, by a constraint) along that constraint's index. Plain SQL that SQLite (the
    fallback of `make run`) runs too. Parameters: end of today (twice), now (twice), the end of
    the learn-ahead window, user, start of today, user, now, user; then those of `sets_sql`.
    """
    state = {value: f"'{value}'" for value in Card.State.values}  # as SQL literals
    return f"""SELECT {column_list(QuestionSet, "s")},
               count(c.due) AS cards_seen,
               count(c.due) FILTER (WHERE c.state = {state["new"]}) AS new_pending,
               count(c.due) FILTER (
                   WHERE c.state IN ({state["learning"]}, {state["relearning"]}) AND c.due < %s
               ) AS learning_due,
               count(c.due) FILTER (WHERE c.state = {state["review"]} AND c.due < %s) AS review_due,
               count(c.due) FILTER (WHERE c.state <> {state["new"]} AND c.due <= %s) AS due_now,
               count(c.due) FILTER (WHERE c.state = {state["review"]} AND c.due <= %s) AS review_due_now,
               count(c.due) FILTER (
                   WHERE c.state IN ({state["learning"]}, {state["relearning"]}) AND c.due <= %s
               ) AS learning_within_limit,
               count(c.due) FILTER (
                   WHERE c.state IN ({state["learning"]}, {state["relearning"]})
               ) AS learning_total,
               (SELECT count(*) FROM {Question._meta.db_table} q WHERE q.question_set_id = s.id)
                   AS question_total,
               (SELECT count(*) FROM {Card._meta.db_table} t WHERE t.user_id = %s AND t.created_at >= %s)
                   AS introduced_today,
               (SELECT a.id FROM {Attempt._meta.db_table} a
                WHERE a.user_id = %s AND a.question_set_id = s.id AND {OPEN_QUIZ_OF_SET_SQL}) AS open_quiz_id
        FROM {QuestionSet._meta.db_table} s
        LEFT JOIN {Card._meta.db_table} c ON c.user_id = %s AND c.question_set_id = s.id
        WHERE s.id IN ({sets_sql})
        GROUP BY s.id
        ORDER BY s.title, s.id
    """


def with_study_counts(sets: QuerySet, *, user, now: dt.datetime) -> list[QuestionSet]:
    """The sets of a queryset, each with the user's study counts as attributes, in one query:
    question_total, cards_seen, new_pending, learning_due, review_due, due_now,
    review_due_now, learning_within_limit (learning and relearning cards due by the end of the learn-ahead
    window, learn_ahead_until), learning_total (whenever due), introduced_today (over all
    sets: the new-card allowance is per day, not per set) and open_quiz_id (the user's quiz
    being taken on the set, which pauses its study)."""
    database = sets.db
    ids = sets.order_by().values("pk")
    sets_sql, sets_parameters = ids.query.get_compiler(database).as_sql()
    parameters = counts_parameters(user=user, now=now, connection=connections[database])
    parameters += sets_parameters
    return list(QuestionSet.objects.db_manager(database).raw(study_counts_sql(sets_sql), parameters))


def counts_parameters(*, user, now: dt.datetime, connection) -> list:
    """study_counts_sql's parameters but those of its sets."""
    as_sql_value = connection.ops.adapt_datetimefield_value
    today_start, today_end = (as_sql_value(moment) for moment in day_bounds(now, user.zone))
    moment, ahead_until = as_sql_value(now), as_sql_value(learn_ahead_until(now))
    return [today_end, today_end, moment, moment, ahead_until, user.pk, today_start, user.pk, moment, user.pk]


def visible_sets_statement(*, user, now: dt.datetime, set_ids: list[int]) -> tuple[str, list]:
    """with_study_counts' statement and parameters for these sets, those the user may see
    (QuestionSet.visible_to, which differs for admins), compiled once per process for each
    number of sets (plain_sql.compiled_statement): compiling visible_to anew for every next
    card cost more Python than the query (docs/performance.md)."""
    database = router.db_for_read(QuestionSet)
    sets_sql, sets_parameters = compiled_statement(
        visible_set_ids,
        database=database,
        shape={"admin": bool(getattr(user, "is_admin", False))},
        user_id=user.pk,
        set_ids=set_ids,
    )
    parameters = counts_parameters(user=user, now=now, connection=connections[database])
    return study_counts_sql(sets_sql), parameters + sets_parameters


def counted_sets(*, user, now: dt.datetime, set_ids: list[int]) -> list[QuestionSet]:
    """Of these sets, those the user may see, by title, each with the user's study counts
    (with_study_counts' attributes), in one prepared statement."""
    database = router.db_for_read(QuestionSet)
    connection = connections[database]
    sql, parameters = visible_sets_statement(user=user, now=now, set_ids=set_ids)
    with connection.cursor() as cursor:
        execute_prepared(cursor, sql, parameters)
        rows = cursor.fetchall()
        names = [column.name for column in cursor.description[SET_FIELDS:]]
    sets = []
    for row in rows:
        question_set = from_row(QuestionSet, row[:SET_FIELDS], connection=connection)
        question_set.__dict__.update(zip(names, row[SET_FIELDS:], strict=True))
        sets.append(question_set)
    return sets


def visible_set_for_study(*, user, set_id, now: dt.datetime) -> QuestionSet:
    """The set (if the user may see it) with the user's study counts, in one query."""
    found = counted_sets(user=user, now=now, set_ids=[set_id])
    if not found:
        raise QuestionSet.DoesNotExist
    return found[0]


def visible_sets_with_study_counts(*, user, now: dt.datetime, set_ids: list[int]) -> list[QuestionSet]:
    """Of these sets, those the user may see, by title, as sets_with_study_counts gives them."""
    if not set_ids:
        return []
    return with_owners_and_ready_now(counted_sets(user=user, now=now, set_ids=sorted(set_ids)), user=user)


def visible_set_ids(*, admin: bool, user_id: int, set_ids: list[int]):
    user = get_user_model()(pk=user_id, is_superuser=admin)
    return QuestionSet.objects.visible_to(user).filter(pk__in=set_ids).order_by().values("pk")


def with_owners_and_ready_now(sets: list[QuestionSet], *, user) -> list[QuestionSet]:
    prefetch_related_objects(sets, "owner")
    for question_set in sets:
        question_set.ready_now = ready_now(user=user, question_set=question_set)
    return sets


def sets_with_study_counts(*, user, now: dt.datetime, sets: QuerySet | None = None) -> list[QuestionSet]:
    """The sets the user can see (or those of `sets`), by title, each with their study
    counts, owner and `ready_now` (ready_now())."""
    sets = with_study_counts(
        QuestionSet.objects.visible_to(user) if sets is None else sets, user=user, now=now
    )
    return with_owners_and_ready_now(sets, user=user)


def ready_now(*, user, question_set: QuestionSet) -> int:
    """How many cards the study page offers now, without waiting ("due now" on the
    dashboard): the new ones today's allowance leaves, the review cards due, and the learning
    and relearning cards due or coming due within the learn-ahead window (next_card shows
    those early, as Anki's learn-ahead, and Anki counts them too). None while a quiz is
    open on the set: its study pauses."""
    if question_set.open_quiz_id is not None:
        return 0
    new = remaining_today(user=user, question_set=question_set)["new"]
    return new + question_set.review_due_now + question_set.learning_within_limit


def remaining_today(*, user, question_set: QuestionSet) -> dict[str, int]:
    """What is left to study today in a set annotated by sets_with_study_counts."""
    unseen = question_set.question_total - question_set.cards_seen
    allowance = max(user.new_cards_per_day - question_set.introduced_today, 0)
    return {
        "new": question_set.new_pending + min(allowance, unseen),
        "learning": question_set.learning_due,
        "review": question_set.review_due,
    }


@dataclass
class NextCard:
    """What to study now: a card (`ahead` when it is a learning card shown before it is due),
    or else a question to meet for the first time (its card is made by
    services.study.next_card), or else nothing, with when that changes and how many learning
    cards come due beyond the learn-ahead limit (`ahead_anyway` would show them)."""

    card: Card | None
    remaining: dict[str, int]
    new_question: Question | None = None
    next_due: dt.datetime | None = None
    open_quiz_id: int | None = None
    ahead: bool = False
    learning_later: int = 0
    missed_left: int | None = None  # in a session of the questions missed in a quiz: how many are left


def next_card(*, user, question_set: QuestionSet, now: dt.datetime, ahead_anyway: bool = False) -> NextCard:
    """Due learning and review cards first (oldest due first), then cards met but not yet
    answered, then a new question while today's new-card allowance lasts, then (as Anki's
    learn-ahead) the learning or relearning card coming due first within the learn-ahead
    limit, or whenever it comes due with `ahead_anyway`; nothing while the user has a quiz
    open on the set (docs/security.md). `question_set` comes from visible_set_for_study,
    whose counts say which of these to look for: a query more for the card (or the new
    question) and one for its choices, if its type has any."""
    unseen = question_set.question_total - question_set.cards_seen
    allowance = max(user.new_cards_per_day - question_set.introduced_today, 0)
    remaining = remaining_today(user=user, question_set=question_set)
    if question_set.open_quiz_id is not None:
        return NextCard(card=None, remaining=remaining, open_quiz_id=question_set.open_quiz_id)
    card = new_question = None
    if question_set.due_now or question_set.new_pending:
        card = Card.objects.first_to_study(
            user=user, question_set_id=question_set.pk, now=now, new=not question_set.due_now
        )
    if card is None and allowance and unseen:
        new_question = Question.objects.filter(question_set=question_set).unseen_by(user).first()
    nothing_else = card is None and new_question is None
    learning_to_show = question_set.learning_total if ahead_anyway else question_set.learning_within_limit
    if nothing_else and learning_to_show:
        card = Card.objects.first_to_study_ahead(
            user=user,
            question_set_id=question_set.pk,
            now=now,
            until=None if ahead_anyway else learn_ahead_until(now),
        )
    ahead = nothing_else and card is not None
    question = card.question if card is not None else new_question
    if question is not None:
        if question.type in Question.TYPES_WITH_CHOICES:
            question.load_choices()
        return NextCard(card=card, new_question=new_question, remaining=remaining, ahead=ahead)
    next_due = (
        Card.objects.filter(user=user, question_set=question_set, due__gt=now)
        .order_by("due")
        .values_list("due", flat=True)
        .first()
    )
    if unseen and not allowance and user.new_cards_per_day:
        tomorrow = day_bounds(now, user.zone)[1].astimezone(dt.UTC)  # UTC on the wire, as every time
        next_due = min(next_due, tomorrow) if next_due else tomorrow
    return NextCard(
        card=None, remaining=remaining, next_due=next_due, learning_later=question_set.learning_total
    )


def missed_quiz(*, user, question_set: QuestionSet, attempt_id) -> Attempt:
    """The user's submitted quiz on the set whose missed questions they study
    (`?missed=` on the study page). Raises Attempt.DoesNotExist for another's, one still
    being taken, or one of another set."""
    return Attempt.objects.get(
        pk=attempt_id, user=user, question_set=question_set, submitted_at__isnull=False
    )


def next_missed_card(*, user, question_set: QuestionSet, attempt: Attempt, now: dt.datetime) -> NextCard:
    """A session of just the questions missed in `attempt`: their cards not studied since the
    quiz, then any of them due again (a wrong answer brings one back in minutes), oldest due
    first, whether due or not. One not due yet earns no points (services.study.review_points),
    so missing a quiz on purpose farms nothing. Two queries, and one for the card's choices."""
    remaining = remaining_today(user=user, question_set=question_set)
    if question_set.open_quiz_id is not None:
        return NextCard(card=None, remaining=remaining, open_quiz_id=question_set.open_quiz_id)
    missed = [question_id for question_id, _ in quiz_results.missed_questions(attempt)]
    not_studied_since = Q(last_review__isnull=True) | Q(last_review__lt=attempt.submitted_at)
    cards = list(
        Card.objects.filter(user=user, question_id__in=missed)
        .filter(not_studied_since | Q(due__lte=now))
        .select_related("question")
        .order_by("due", "pk")
    )
    if not cards:
        return NextCard(card=None, remaining=remaining, missed_left=0)
    card = cards[0]
    if card.question.type in Question.TYPES_WITH_CHOICES:
        card.question.load_choices()
    return NextCard(card=card, remaining=remaining, ahead=not card.is_due(now), missed_left=len(cards))
