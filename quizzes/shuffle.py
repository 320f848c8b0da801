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
    choices = sorted(choice.text for choice in question.choices.all())
    message = f"choice-order|{question.pk}|{getattr(user, 'pk', '')}".encode()
    key = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    random.Random(key).shuffle(choices)
    return choices
