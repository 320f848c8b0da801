"""JSON: the set and its questions as the owner sees them in the API."""

import json
from collections.abc import Iterable

from quizzes.models import Question, QuestionSet


def write(question_set: QuestionSet, questions: Iterable[Question]) -> bytes:
    document = {
        "set": {
            "id": question_set.id,
            "title": question_set.title,
            "description": question_set.description,
        },
        "questions": [
            {"id": question.id, **question.content(), "source": question.source_text or None}
            for question in questions
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
