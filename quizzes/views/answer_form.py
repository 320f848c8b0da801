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


def chosen_places(data) -> dict[str, str]:
    """The place chosen for each item of an order question as the form sent it, even two
    in one place, so the form shown again with its error keeps what was chosen."""
    return dict(zip(data.getlist("item"), data.getlist("position"), strict=False))


def given_duration(data, *, longest_ms: int) -> int | None:
    """The milliseconds the page says the card was in view before the answer, or None when
    it sent none or one that cannot be (negative, longer than `longest_ms`): not worth an error."""
    try:
        duration_ms = int(data.get("duration_ms", ""))
    except ValueError:
        return None
    return duration_ms if 0 <= duration_ms <= longest_ms else None
