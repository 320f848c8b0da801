"""The yardstick of the study endpoints' Python: bare views (docs/performance.md).

Plain Django function views that send exactly the statements the real endpoints send
(the same SQL, written once beside the models: the token login's, the study counts',
the card's, the choices', the locked card's, the accepted answers', the review's insert
and the card's update) and answer the same bytes, with nothing else: no DRF, no
serializers, no model instances, tuples in and a dict out. What the real endpoint spends
beyond them is the price of its framework and its clarity; `make loadtest-ratio` measures
both in alternating rounds on the same server and reports real / bare requests per second.

Mounted only by bench/yardstick_settings.py (the benchmark's server), never in production's
URLs. They serve what the benchmark sends (bench users with every question met, a new
client_id per review); anything else (a quiz open, a replayed client_id, a question to
meet) is a 500 here, which fails the run rather than measuring something else.
"""

import datetime as dt
import functools
import json
import zoneinfo
from hmac import compare_digest

from django.db import connections, router, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from knox.crypto import hash_token
from knox.settings import CONSTANTS

from accounts.authentication import USER_BY_TOKEN_SQL, USER_FIELDS
from accounts.models import User
from config.plain_sql import execute_prepared
from quizzes.answers import Verdict
from quizzes.models import Card, Choice, Question, Review, Sentence
from quizzes.models import study as study_sql
from quizzes.models.questions import ACCEPTED_TEXTS_SQL, CHOICES_SQL
from quizzes.scheduling import schedule_review
from quizzes.selectors import study_queue, verdicts
from quizzes.services.study import review_points
from quizzes.shuffle import in_student_order


def positions(model, start: int = 0) -> dict[str, int]:
    return {field.attname: start + number for number, field in enumerate(model._meta.concrete_fields)}


USER = positions(User)
CARD = positions(Card)
QUESTION = positions(Question, study_sql.QUESTION_AT)
SENTENCE_TEXT = positions(Sentence, study_sql.SENTENCE_AT)["text"]
CHOICE_TEXT = positions(Choice)["text"]
LIST_TYPES = {Question.Type.CHOICE, Question.Type.ORDER, Question.Type.MATCH}


class Unsupported(Exception):
    """A request the yardstick does not serve (a 500: the benchmark does not send it)."""


class Row:
    """Attributes over a row, for the few shared functions that read them (FSRS, points, the checker)."""

    def __init__(self, **values):
        self.__dict__.update(values)

    def earns_points(self, now) -> bool:
        due = self.state == Card.State.NEW or self.due <= now
        return due and (self.scheduled_due is None or self.scheduled_due <= now)


@functools.cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def token_user(request, cursor) -> tuple:
    """The user row of the request's token (the same statement as accounts/authentication.py)."""
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Token":
        raise Unsupported("no token")
    execute_prepared(cursor, USER_BY_TOKEN_SQL, [key[: CONSTANTS.TOKEN_KEY_LENGTH]])
    for row in cursor.fetchall():
        digest, _, expiry = row[USER_FIELDS:]
        fresh = expiry is None or expiry > timezone.now()
        if compare_digest(hash_token(key), digest) and fresh and row[USER["is_active"]]:
            return row
    raise Unsupported("unknown token")


def json_response(body: dict, *, status: int = 200) -> HttpResponse:
    """As DRF's JSONRenderer writes it: compact, UTF-8, no NaN, U+2028 and U+2029 escaped."""
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return HttpResponse(text.encode(), status=status, content_type="application/json")


def api_time(moment: dt.datetime) -> str:
    written = moment.astimezone(dt.UTC).isoformat()
    return written[:-6] + "Z" if written.endswith("+00:00") else written


@require_GET
def next_card(request):
    """GET /bare/study/next/?set=ID: the statements and the answer of GET /api/study/next/."""
    now = timezone.now()
    set_id = int(request.GET["set"])
    connection = connections[router.db_for_read(Card)]
    with connection.cursor() as cursor:
        user = token_user(request, cursor)
        user_id, admin = user[USER["id"]], user[USER["role"]] == User.Role.ADMIN or user[USER["is_superuser"]]
        stand_in = Row(pk=user_id, zone=zone(user[USER["time_zone"]]), is_admin=admin)
        sql, parameters = study_queue.visible_sets_statement(user=stand_in, now=now, set_ids=[set_id])
        execute_prepared(cursor, sql, parameters)
        row = cursor.fetchone()
        names = [column.name for column in cursor.description[study_queue.SET_FIELDS :]]
        counts = dict(zip(names, row[study_queue.SET_FIELDS :], strict=True))
        unseen = counts["question_total"] - counts["cards_seen"]
        allowance = max(user[USER["new_cards_per_day"]] - counts["introduced_today"], 0)
        remaining = {
            "new": counts["new_pending"] + min(allowance, unseen),
            "learning": counts["learning_due"],
            "review": counts["review_due"],
        }
        if counts["open_quiz_id"] is not None or not (counts["due_now"] or counts["new_pending"]):
            raise Unsupported("a quiz open, or nothing due")
        moment = connection.ops.adapt_datetimefield_value(now)
        execute_prepared(
            cursor, study_sql.FIRST_DUE_SQL[not counts["due_now"]], [user_id, set_id, moment]
        )  # the same statement as Card.objects.first_to_study
        card = cursor.fetchone()
        if card is None:
            raise Unsupported("no card due")
        question_id, question_type = card[QUESTION["id"]], card[QUESTION["type"]]
        choices = []
        if question_type in LIST_TYPES:
            execute_prepared(cursor, CHOICES_SQL, [question_id])
            texts = [choice[CHOICE_TEXT] for choice in cursor.fetchall()]
            choices = in_student_order(texts, question_id=question_id, user_id=user_id)
    items = None if card[QUESTION["items"]] is None else json.loads(card[QUESTION["items"]])
    body = {
        "card": {
            "id": card[CARD["id"]],
            "state": card[CARD["state"]],
            "due": api_time(card[CARD["due"]]),
            "question": {
                "id": question_id,
                "set": card[QUESTION["question_set_id"]],
                "kind": card[QUESTION["kind"]],
                "type": question_type,
                "prompt": card[QUESTION["prompt"]],
                "items": None if items is None else [str(item) for item in items],
                "choices": choices,
            },
            "answer_shown": card[CARD["revealed_at"]] is not None,
        },
        "remaining": remaining,
    }
    return json_response(body)


@csrf_exempt
@require_POST
def review(request):
    """POST /bare/study/reviews/: the statements and the answer of POST /api/study/reviews/."""
    sent = json.loads(request.body)
    answer, rating = sent.get("answer", None), sent.get("rating")
    client_id = sent.get("client_id")
    connection = connections[router.db_for_write(Card)]
    with connection.cursor() as cursor:
        user = token_user(request, cursor)
        user_id = user[USER["id"]]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        execute_prepared(
            cursor,
            study_sql.LOCKED_FOR_REVIEW_SQL,
            [connection.ops.adapt_datetimefield_value(timezone.now()), client_id, sent["card"], user_id],
        )
        row = cursor.fetchone()
        now = timezone.now()
        if row is None or row[study_sql.OPEN_QUIZ_AT] is not None or row[study_sql.OPEN_QUIZ_AT + 1]:
            raise Unsupported("no such card, a quiz open, or a replayed client_id")
        card = Row(pk=row[CARD["id"]], **{name: row[at] for name, at in CARD.items()})
        question = Row(**{name: row[at] for name, at in QUESTION.items()})
        question.answer = json.loads(question.answer)
        verdict = None
        if "answer" in sent:
            accepted = []
            if question.type in (Question.Type.TEXT, Question.Type.CHOICE):
                execute_prepared(cursor, ACCEPTED_TEXTS_SQL, [question.id])
                accepted = [text for (text,) in cursor.fetchall()]
            verdict = verdicts.verdict_on(question, answer, accepted_answers=accepted)
            correct = verdict is not Verdict.WRONG
            rating = (rating or Review.Rating.GOOD) if correct else Review.Rating.AGAIN
        else:
            correct = rating != Review.Rating.AGAIN
        desired_retention = user[USER["desired_retention"]]
        schedule = schedule_review(card, rating=rating, now=now, desired_retention=desired_retention)
        self_graded = "answer" not in sent or card.revealed_at is not None
        points = review_points(card=card, rating=rating, correct=correct, self_graded=self_graded, now=now)
        inserted = {
            "user_id": user_id,
            "card_id": card.id,
            "question_set_id": card.question_set_id,
            "rating": rating,
            "answer": answer if "answer" in sent else None,
            "correct": correct,
            "duration_ms": sent.get("duration_ms"),
            "reviewed_at": now,
            "state_before": card.state,
            "due_before": card.due,
            "state_after": schedule.state,
            "due_after": schedule.due,
            "stability_after": schedule.stability,
            "difficulty_after": schedule.difficulty,
            "points": points,
            "self_graded": self_graded,
            "client_id": client_id,
        }
        lapsed = card.state == Card.State.REVIEW and rating == Review.Rating.AGAIN
        updated = {
            "state": schedule.state,
            "step": schedule.step,
            "stability": schedule.stability,
            "difficulty": schedule.difficulty,
            "due": schedule.due,
            "last_review": schedule.last_review,
            "reps": card.reps + 1,
            "right_reps": card.right_reps + correct,
            "lapses": card.lapses + lapsed,
            "revealed_at": None,
            "scheduled_due": None,
        }
        execute_prepared(
            cursor,
            study_sql.SAVE_REVIEWED_SQL,
            [field.get_db_prep_save(updated[field.attname], connection) for field in study_sql.REVIEWED]
            + [card.id],
        )
        execute_prepared(
            cursor,
            study_sql.INSERT_REVIEW_SQL,
            [field.get_db_prep_save(inserted[field.attname], connection) for field in study_sql.INSERTED],
        )
        (review_id,) = cursor.fetchone()
    due = api_time(schedule.due)
    body = {
        "review": {
            "id": review_id,
            "rating": int(rating),
            "correct": correct,
            "correct_answer": question.answer,
            "explanation": question.explanation,
            "source": "" if row[SENTENCE_TEXT] is None else row[SENTENCE_TEXT],
            "state": schedule.state,
            "due": due,
            "points": points,
            "self_graded": self_graded,
            "verdict": None if verdict is None else str(verdict),
        },
        "card": {"id": card.id, "state": schedule.state, "due": due},
    }
    return json_response(body, status=201)
