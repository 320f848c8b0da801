"""Reading an answer from a page's form (study and quizzes share the inputs of answer_input.html)."""

from quizzes.models import Question


class UnclearAnswer(ValueError):
    """The form does not say what the answer is (two items of an order question in one place,
    a match question with an item left unmatched or a choice used twice)."""


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
    if question.type == Question.Type.MATCH:
        return matched(question, data.getlist("pair"))
    answer = data.get("answer", "")
    if not answer.strip():
        return None
    if question.type == Question.Type.TRUE_FALSE:
        return {"true": True, "false": False}.get(answer, answer)
    return answer


def matched(question: Question, picks: list[str]) -> list[str] | None:
    if not any(pick.strip() for pick in picks):
        return None
    if len(picks) != len(question.items) or not all(pick.strip() for pick in picks):
        raise UnclearAnswer("Match every item with a choice.")
    if len(set(picks)) != len(picks):
        raise UnclearAnswer("Use each choice once.")
    return picks


def shown_again(question: Question, data, given) -> object:
    """What a form refused for its error shows again: every place or pick as it was sent."""
    if question.type == Question.Type.ORDER:
        return chosen_places(data)
    if question.type == Question.Type.MATCH:
        return data.getlist("pair")
    return given


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
