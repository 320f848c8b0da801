"""Simulated students for the fitting tests: a review log whose recalls follow a chosen forgetting
curve, written as the study service would have written it (cards scheduled by FSRS's defaults)."""

import datetime as dt
import random

import fsrs

from quizzes.models import Card, Question, Review
from quizzes.scheduling import FSRS_STATE

# A student who forgets much faster than FSRS's defaults expect: new cards last minutes to
# two days (not 0.2 to 8), stability grows slowly, and recall falls off more steeply.
FORGETFUL = list(fsrs.scheduler.DEFAULT_PARAMETERS)
FORGETFUL[0:4] = [0.05, 0.3, 0.6, 2.0]
FORGETFUL[8] = 0.6
FORGETFUL[20] = 0.5


def true_false_questions(question_set, count: int) -> list[Question]:
    return Question.objects.bulk_create(
        Question(question_set=question_set, kind="place", type="true_false", prompt=f"Fact {n}?", answer=True)
        for n in range(count)
    )


def simulated_student(
    user,
    question_set,
    *,
    memory=FORGETFUL,
    cards: int = 60,
    days: int = 60,
    new_per_day: int = 4,
    seed: int = 1,
    end: dt.datetime | None = None,
) -> list[Review]:
    """`user` studies `cards` new questions of the set, `new_per_day` a day, for `days` days
    ending before `end` (now): each day's session answers every card FSRS's defaults made due,
    for an hour, learning steps included. Whether a card is recalled is drawn from the
    retrievability of `memory`, FSRS parameters of the student's true memory (0.9 on the day
    of the previous review); recalled cards are rated Hard, Good or Easy, others Again."""
    rng = random.Random(seed)
    truth = fsrs.Scheduler(parameters=memory, enable_fuzzing=False)
    defaults = fsrs.Scheduler(enable_fuzzing=False)
    questions = true_false_questions(question_set, cards)
    start = (end or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days + 1)
    scheduled: dict[int, fsrs.Card] = {}
    remembered: dict[int, fsrs.Card] = {}
    rows: dict[int, Card] = {}
    reviews = []
    for day in range(days):
        session = start + dt.timedelta(days=day, minutes=rng.randint(0, 120))
        for question in questions[day * new_per_day : (day + 1) * new_per_day]:
            rows[question.pk] = Card.objects.create(
                user=user, question=question, question_set=question_set, due=session, created_at=session
            )
            scheduled[question.pk] = fsrs.Card(card_id=question.pk, due=session)
            remembered[question.pk] = fsrs.Card(card_id=question.pk, due=session)
        now, closing = session, session + dt.timedelta(hours=1)
        while now < closing:
            due = [key for key, card in scheduled.items() if card.due <= now]
            if not due:
                now += dt.timedelta(minutes=5)
                continue
            for key in due:
                before, memory_now = scheduled[key], remembered[key]
                if memory_now.last_review is None:
                    rating = rng.choices([1, 2, 3, 4], [0.3, 0.1, 0.5, 0.1])[0]
                else:
                    same_day = (now - memory_now.last_review).days < 1
                    recall = 0.9 if same_day else truth.get_card_retrievability(memory_now, now)
                    rating = rng.choices([2, 3, 4], [0.15, 0.75, 0.1])[0] if rng.random() < recall else 1
                after, _ = defaults.review_card(before, fsrs.Rating(rating), now)
                remembered[key], _ = truth.review_card(memory_now, fsrs.Rating(rating), now)
                scheduled[key] = after
                reviews.append(
                    Review(
                        user=user,
                        card=rows[key],
                        question_set=question_set,
                        rating=rating,
                        correct=rating > 1,
                        duration_ms=rng.randint(2000, 9000),
                        reviewed_at=now,
                        state_before=Card.State.NEW
                        if before.last_review is None
                        else FSRS_STATE[before.state],
                        due_before=before.due,
                        state_after=FSRS_STATE[after.state],
                        due_after=after.due,
                        stability_after=after.stability,
                        difficulty_after=after.difficulty,
                        self_graded=True,
                    )
                )
                card = rows[key]
                card.lapses += before.state == fsrs.State.Review and rating == 1
                card.reps += 1
                card.right_reps += rating > 1
                now += dt.timedelta(seconds=rng.randint(5, 20))
    for key, card in rows.items():
        after = scheduled[key]
        card.state, card.step = FSRS_STATE[after.state], after.step
        card.stability, card.difficulty = after.stability, after.difficulty
        card.due, card.last_review = after.due, after.last_review
    Card.objects.bulk_update(
        rows.values(),
        ["state", "step", "stability", "difficulty", "due", "last_review", "reps", "right_reps", "lapses"],
    )
    return Review.objects.bulk_create(reviews)
