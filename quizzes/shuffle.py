"""The order in which a student sees a question's choices.

Fixed per student and question (a reload shows the same order), drawn with a key only
the server knows (an HMAC of the ids keyed by SECRET_KEY), and from the choices sorted by
their text: so the shown order says nothing about the stored order, which for an order
question authored or imported by hand is the answer, and cannot be replayed from ids a
student can read. Any order may come out, the right one included: refusing it would
give the answer away (a two-item order question would always show reversed).
"""

import hashlib
import hmac
import random

from django.conf import settings

from quizzes.models import Question


def choices_for_student(question: Question, *, user) -> list[str]:
    if question.type not in Question.TYPES_WITH_CHOICES:
        return []
    texts = [choice.text for choice in question.choices.all()]
    return in_student_order(texts, question_id=question.pk, user_id=getattr(user, "pk", ""))


def in_student_order(texts: list[str], *, question_id: int, user_id) -> list[str]:
    """A question's choice texts in the order this student sees them."""
    choices = sorted(texts)
    message = f"choice-order|{question_id}|{user_id}".encode()
    key = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    random.Random(key).shuffle(choices)
    return choices
