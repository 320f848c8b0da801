"""Authoring: teachers' sets and questions, copies of generated questions, imports.

`question_errors` is the one set of rules for a well-formed question, used by the
API, the importers and the pages alike, so a teacher sees the same reasons everywhere.
"""

from django.db import transaction

from quizzes.answers import normalize_text
from quizzes.models import AcceptedAnswer, Choice, ExcludedQuestion, Question, QuestionSet

MAX_PROMPT = 2000
MAX_OPTION = 500
MAX_CHOICES = 20
MAX_ACCEPTED = 50
MAX_EXPLANATION = 5000
QUESTION_FIELDS = (*Question.CONTENT_FIELDS, "choices", "accepted_answers")


class InvalidQuestions(Exception):
    """Questions that cannot be saved: `errors` maps fields (or row numbers) to reasons."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def string_list_errors(value, *, name: str, limit: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [f"{name} must be a list of strings."]
    if len(value) > limit:
        return [f"at most {limit} {name}."]
    if any(not item.strip() for item in value):
        return [f"{name} cannot be empty."]
    if any(len(item) > MAX_OPTION for item in value):
        return [f"each of the {name} can be at most {MAX_OPTION} characters."]
    return []


def duplicates(items: list[str]) -> list[str]:
    seen, repeated = set(), []
    for item in items:
        key = normalize_text(item)
        if key in seen and item not in repeated:
            repeated.append(item)
        seen.add(key)
    return repeated


def match_errors(items: list[str], choices: list[str], answer, errors: dict) -> dict[str, list[str]]:
    """A match question pairs each item with one choice, every choice used once."""
    found: dict[str, list[str]] = {}
    if "items" not in errors:
        if len(items) < 2:
            found["items"] = ["A match question needs at least 2 items to match."]
        elif repeated := duplicates(items):
            found["items"] = [f"Items must differ; repeated: {', '.join(repeated)}."]
        elif "choices" not in errors and len(choices) != len(items):
            found["choices"] = [f"A match question has one choice per item ({len(items)})."]
    if not isinstance(answer, list) or not all(isinstance(item, str) for item in answer):
        found["answer"] = ["A match question's answer is the list of the choice matching each item."]
    elif choices and sorted(item.strip() for item in answer) != sorted(c.strip() for c in choices):
        found["answer"] = ["The answer must use every choice exactly once, one for each item."]
    return found


def question_errors(fields: dict) -> dict[str, list[str]]:
    """What is wrong with a question's fields, by field; empty when it can be saved."""
    errors: dict[str, list[str]] = {}
    kind, type_ = fields.get("kind"), fields.get("type")
    if kind not in Question.Kind.values:
        errors["kind"] = [f"must be one of {', '.join(Question.Kind.values)}."]
    if type_ not in Question.Type.values:
        errors["type"] = [f"must be one of {', '.join(Question.Type.values)}."]
    prompt = fields.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        errors["prompt"] = ["A question needs a prompt."]
    elif len(prompt) > MAX_PROMPT:
        errors["prompt"] = [f"at most {MAX_PROMPT} characters."]
    explanation = fields.get("explanation", "")
    if not isinstance(explanation, str) or len(explanation) > MAX_EXPLANATION:
        errors["explanation"] = [f"must be text of at most {MAX_EXPLANATION} characters."]
    choices = fields.get("choices") or []
    if problems := string_list_errors(choices, name="choices", limit=MAX_CHOICES):
        errors["choices"] = problems
        choices = []
    accepted = fields.get("accepted_answers") or []
    if problems := string_list_errors(accepted, name="accepted answers", limit=MAX_ACCEPTED):
        errors["accepted_answers"] = problems
    items = fields.get("items") or []
    if problems := string_list_errors(items, name="items", limit=MAX_CHOICES):
        errors["items"] = problems
        items = []
    answer = fields.get("answer")
    if type_ in Question.TYPES_WITH_CHOICES and "choices" not in errors:
        if len(choices) < 2:
            article = "An" if type_ == Question.Type.ORDER else "A"
            errors["choices"] = [f"{article} {type_} question needs at least 2 choices."]
        elif repeated := duplicates(choices):
            errors["choices"] = [f"Choices must differ; repeated: {', '.join(repeated)}."]
    if type_ == Question.Type.CHOICE:
        if not isinstance(answer, str) or not answer.strip():
            errors["answer"] = ["A choice question's answer is the text of the right choice."]
        elif choices and answer.strip() not in [choice.strip() for choice in choices]:
            errors["answer"] = [f'The answer "{answer}" is not among the choices.']
    elif type_ == Question.Type.ORDER:
        if not isinstance(answer, list) or not all(isinstance(item, str) for item in answer):
            errors["answer"] = ["An order question's answer is the list of choices in the right order."]
        elif choices and sorted(item.strip() for item in answer) != sorted(c.strip() for c in choices):
            errors["answer"] = [
                "The answer must list every choice exactly once (a permutation of the choices)."
            ]
    elif type_ == Question.Type.MATCH:
        errors.update(match_errors(items, choices, answer, errors))
    if type_ != Question.Type.MATCH and items and "items" not in errors:
        errors["items"] = ["Only a match question has items."]
    elif type_ == Question.Type.TRUE_FALSE:
        if not isinstance(answer, bool):
            errors["answer"] = ["A true/false question's answer is true or false."]
        if choices:
            errors["choices"] = ["A true/false question has no choices."]
    elif type_ == Question.Type.TEXT:
        if not isinstance(answer, str) or not answer.strip():
            errors["answer"] = ["A text question needs the right answer."]
        elif len(answer) > MAX_OPTION:
            errors["answer"] = [f"at most {MAX_OPTION} characters."]
        if choices:
            errors["choices"] = [
                "A text question has no choices; list other right answers in accepted_answers."
            ]
    return errors


def cleaned(fields: dict) -> dict:
    """Fields as stored: text stripped, a choice answer spelled as its choice."""
    result = {name: fields[name] for name in QUESTION_FIELDS if name in fields}
    result["prompt"] = result["prompt"].strip()
    result["explanation"] = (result.get("explanation") or "").strip()
    result["choices"] = [choice.strip() for choice in result.get("choices") or []]
    result["items"] = [item.strip() for item in result.get("items") or []]
    result["accepted_answers"] = [text.strip() for text in result.get("accepted_answers") or []]
    if isinstance(result["answer"], str):
        result["answer"] = result["answer"].strip()
    elif isinstance(result["answer"], list):
        result["answer"] = [item.strip() for item in result["answer"]]
    return result


def write_options(drafts: list[tuple[Question, list[str], list[str]]]) -> None:
    """Give saved questions these choices and accepted answers in place of theirs: four
    queries however many questions."""
    questions = [question for question, _, _ in drafts]
    Choice.objects.filter(question__in=questions).delete()
    AcceptedAnswer.objects.filter(question__in=questions).delete()
    Choice.objects.bulk_create(
        Choice(question=question, text=text, position=position)
        for question, choices, _ in drafts
        for position, text in enumerate(choices)
    )
    AcceptedAnswer.objects.bulk_create(
        AcceptedAnswer(question=question, text=text)
        for question, _, accepted_answers in drafts
        for text in accepted_answers
    )


def insert_questions(drafts: list[tuple[Question, list[str], list[str]]]) -> list[Question]:
    """Save new questions, each with its choices and accepted answers: three queries however many."""
    questions = Question.objects.bulk_create([question for question, _, _ in drafts])
    Choice.objects.bulk_create(
        Choice(question=question, text=text, position=position)
        for question, (_, choices, _) in zip(questions, drafts, strict=True)
        for position, text in enumerate(choices)
    )
    AcceptedAnswer.objects.bulk_create(
        AcceptedAnswer(question=question, text=text)
        for question, (_, _, accepted_answers) in zip(questions, drafts, strict=True)
        for text in accepted_answers
    )
    return questions


def draft_of(values: dict, *, question_set: QuestionSet) -> tuple[Question, list[str], list[str]]:
    """An unsaved question from `cleaned` fields, with its choices and accepted answers."""
    question = Question(question_set=question_set, **{name: values[name] for name in Question.CONTENT_FIELDS})
    return question, values["choices"], values["accepted_answers"]


@transaction.atomic
def create_question(*, question_set: QuestionSet, fields: dict) -> Question:
    if errors := question_errors(fields):
        raise InvalidQuestions(errors)
    [question] = insert_questions([draft_of(cleaned(fields), question_set=question_set)])
    return question


@transaction.atomic
def update_question(*, question: Question, changes: dict) -> Question:
    """Edit in place: the question keeps its id, so its cards and their history stay. A
    generated question whose content this changes is marked `edited`: regeneration leaves it
    alone from then on."""
    before = question.content()
    fields = {**before, **changes}
    if errors := question_errors(fields):
        raise InvalidQuestions(errors)
    values = cleaned(fields)
    for name in Question.CONTENT_FIELDS:
        setattr(question, name, values[name])
    if question.generator_key and any(values[name] != before[name] for name in before):
        question.edited = True
    question.save()
    write_options([(question, values["choices"], values["accepted_answers"])])
    return question


def note_hand_edit(*, question: Question, content_before: dict) -> bool:
    """After a person changed a question outside `update_question` (the admin's forms): a
    generated question that now says something other than `content_before` is marked edited,
    as update_question marks it. Whether it was."""
    if question.edited or not question.generator_key:
        return False
    if Question.objects.with_options().get(pk=question.pk).content() == content_before:
        return False
    question.edited = True
    question.save(update_fields=["edited"])
    return True


@transaction.atomic
def delete_question(*, question: Question) -> ExcludedQuestion | None:
    """The question goes with its cards and their history. A generated one is remembered as
    excluded from its set, so regenerating does not bring it back (services.sources.include_again
    undoes that); the exclusion is returned."""
    exclusion = None
    if question.generator_key:
        exclusion, _ = ExcludedQuestion.objects.get_or_create(
            question_set_id=question.question_set_id,
            generator_key=question.generator_key,
            defaults={"prompt": question.prompt},
        )
    question.delete()
    return exclusion


@transaction.atomic
def import_questions(*, question_set: QuestionSet, rows: dict[int, dict]) -> int:
    """All rows or none: any invalid row raises, naming each bad row (by its number in
    the file) and its reasons."""
    row_errors = {number: errors for number, row in rows.items() if (errors := question_errors(row))}
    if row_errors:
        raise InvalidQuestions(row_errors)
    insert_questions([draft_of(cleaned(row), question_set=question_set) for row in rows.values()])
    return len(rows)


@transaction.atomic
def copy_questions(*, questions, into: QuestionSet) -> list[Question]:
    """Copies (e.g. of generated questions) the teacher can then edit as their own.

    `questions` come with their choices and accepted answers prefetched; the copy keeps the
    links to the facts and the source sentence, so it still shows where it came from."""
    fields = (*Question.CONTENT_FIELDS, *Question.FACT_FIELDS)
    return insert_questions(
        [
            (
                Question(question_set=into, **{name: getattr(question, name) for name in fields}),
                [choice.text for choice in question.choices.all()],
                [accepted.text for accepted in question.accepted_answers.all()],
            )
            for question in questions
        ]
    )


def create_set(
    *,
    owner,
    title: str,
    description: str = "",
    is_published: bool = False,
    visibility: str = QuestionSet.Visibility.PUBLIC,
) -> QuestionSet:
    return QuestionSet.objects.create(
        owner=owner, title=title, description=description, is_published=is_published, visibility=visibility
    )


SET_FIELDS = ("title", "description", "is_published", "visibility")


def update_set(*, question_set: QuestionSet, changes: dict) -> QuestionSet:
    """A set's title, description, published state or visibility, from the API or the page alike."""
    fields = [name for name in SET_FIELDS if name in changes]
    for name in fields:
        setattr(question_set, name, changes[name])
    if fields:
        question_set.save(update_fields=[*fields, "updated_at"])
    return question_set


def delete_set(*, question_set: QuestionSet) -> None:
    """The set goes with its questions, and the cards, reviews and quizzes on them."""
    question_set.delete()


def set_published(*, question_set: QuestionSet, is_published: bool) -> QuestionSet:
    """Publish (students can find and study it) or take back to a draft."""
    question_set.is_published = is_published
    question_set.save(update_fields=["is_published", "updated_at"])
    return question_set
