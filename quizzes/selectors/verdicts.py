"""Judging a student's answer to a saved question, for study and quizzes alike.

A typed person or place is forgiven a slip, a transliteration, a title or a distinctive
part only when it is not as near another name the question's source knows (docs/content.md,
"Forgiving typed names"). Those rival names are read only when the answer is not right as
written, so a right answer costs no query and a near miss one.
"""

from quizzes.answers import FORGIVING_KINDS, Verdict, judge, normalize_text
from quizzes.models import Person, Place, Question


def verdict_on(question: Question, given, *, accepted_answers: list[str]) -> Verdict:
    """How `given` answers `question` (exact, close or wrong); `accepted_answers` are the
    question's accepted answers, which the caller has already read."""
    fields = {
        "question_type": question.type,
        "kind": question.kind,
        "answer": question.answer,
        "accepted_answers": accepted_answers,
    }
    verdict = judge(given, **fields)
    if verdict is Verdict.EXACT or not is_forgiving(question):
        return verdict
    return judge(given, **fields, rivals=rival_names(question, accepted_answers=accepted_answers))


def is_forgiving(question: Question) -> bool:
    """Only a typed name is forgiven: a date stays exact, and a choice is picked, not typed."""
    return question.type == Question.Type.TEXT and question.kind in FORGIVING_KINDS


def rival_names(question: Question, *, accepted_answers: list[str]) -> list[str]:
    """Every name and alias of the people and places of the question's source but those of
    the person or place that is the answer, in one query. A hand-written question of a set
    without a source has none: its slips are still forgiven, its parts are not."""
    in_source = {"source__question_set": question.question_set_id}
    names = (
        Person.objects.filter(**in_source)
        .values_list("name", "aliases")
        .union(Place.objects.filter(**in_source).values_list("name", "aliases"), all=True)
    )
    right_texts = [right for right in [question.answer, *accepted_answers] if isinstance(right, str)]
    rights = {normalize_text(right) for right in right_texts}
    rivals = []
    for name, aliases in names:
        known_as = [name, *aliases]
        if not any(normalize_text(known) in rights for known in known_as):
            rivals.extend(known_as)
    return rivals
