"""Reading an answer from a page's form (study and quizzes share the inputs of answer_input.html)."""

from quizzes.models import Question


class UnclearAnswer(ValueError):
    """The form does not say what the answer is (two items of an order question in one place)."""


def given_answer(question: Question, data) -> object:
    """The answer as the form sent it, in the shape the answer checker expects, or None
    when nothing was given (no choice picked, an empty text box)."""
    if question.type == Question.Type.ORDER:
        items = data.getlist("item")
        try:
            positions = [int(position) for position in data.getlist("position")]
        except ValueError:
            positions = []
        if not items:
            return None
        if sorted(positions) != list(range(1, len(items) + 1)):
            raise UnclearAnswer(f"Give each item its own place, from 1 to {len(items)}.")
        return [item for _, item in sorted(zip(positions, items, strict=True))]
    answer = data.get("answer", "")
    if not answer.strip():
        return None
    if question.type == Question.Type.TRUE_FALSE:
        return {"true": True, "false": False}.get(answer, answer)
    return answer
