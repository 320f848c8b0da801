"""Shared steps of the study tests: meet a card, answer it rightly or wrongly."""

from quizzes.answers import is_correct
from quizzes.models import Question


def right_answer(question: Question):
    return question.answer


def wrong_answer(question: Question):
    if question.type == "true_false":
        return not question.answer
    if question.type in ("order", "match"):
        return list(reversed(question.answer))
    for choice in question.choices.all():
        if not is_correct(
            choice.text, question_type=question.type, kind=question.kind, answer=question.answer
        ):
            return choice.text
    return "certainly not the answer"


def studied_in_bulk(*, usernames_like: str, question_set, now, due_every, reviews_per_card: int) -> None:
    """Every user whose name is LIKE `usernames_like` gets a review card for every question of
    the set (the n-th due at now + n × `due_every`) and `reviews_per_card` reviews of it, one a
    day before `now`. In SQL: for the crowds of the index tests and benchmarks the ORM takes minutes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO quizzes_card (user_id, question_id, question_set_id, state, stability,
                difficulty, due, last_review, reps, lapses, created_at)
            SELECT u.id, q.id, q.question_set_id, 'review', 10, 5,
                %(now)s + (row_number() OVER (PARTITION BY u.id ORDER BY q.id)) * %(due_every)s,
                %(now)s - interval '1 day', %(reviews)s, 0, %(now)s - interval '60 days'
            FROM accounts_user u CROSS JOIN quizzes_question q
            WHERE u.username LIKE %(users)s AND q.question_set_id = %(set)s
            """,
            {"now": now, "set": question_set.pk, "users": usernames_like, "due_every": due_every,
             "reviews": reviews_per_card},
        )  # fmt: skip
        cursor.execute(
            """
            INSERT INTO quizzes_review (user_id, card_id, question_set_id, rating, correct,
                reviewed_at, state_before, due_before, state_after, due_after, stability_after,
                difficulty_after, points)
            SELECT c.user_id, c.id, c.question_set_id, 3, true, %(now)s - day * interval '1 day',
                'review', %(now)s, 'review', %(now)s, 10, 5, 10
            FROM quizzes_card c JOIN accounts_user u ON u.id = c.user_id
                CROSS JOIN generate_series(1, %(reviews)s) AS day
            WHERE u.username LIKE %(users)s AND c.question_set_id = %(set)s
            """,
            {"now": now, "set": question_set.pk, "users": usernames_like, "reviews": reviews_per_card},
        )
        cursor.execute("ANALYZE quizzes_card")
        cursor.execute("ANALYZE quizzes_review")


def answer_form(question, *, right: bool) -> dict:
    """The fields a study page's form sends to answer `question` right or wrong."""
    if question.type == "true_false":
        value = question.answer if right else not question.answer
        return {"answer": "true" if value else "false"}
    if question.type == "order":
        order = question.answer if right else list(reversed(question.answer))
        return {"item": order, "position": [str(n) for n in range(1, len(order) + 1)]}
    if question.type == "match":
        return {"pair": question.answer if right else list(reversed(question.answer))}
    if right:
        return {"answer": question.answer}
    wrong = [c.text for c in question.choices.all() if c.text != question.answer]
    return {"answer": wrong[0] if wrong else "certainly wrong"}
