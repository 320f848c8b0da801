"""Shared steps of the study tests: meet a card, answer it rightly or wrongly."""

from quizzes.answers import is_correct
from quizzes.models import Question


def right_answer(question: Question):
    return question.answer


def wrong_answer(question: Question):
    if question.type == "true_false":
        return not question.answer
    if question.type == "order":
        return list(reversed(question.answer))
    for choice in question.choices.all():
        if not is_correct(
            choice.text, question_type=question.type, kind=question.kind, answer=question.answer
        ):
            return choice.text
    return "certainly not the answer"
