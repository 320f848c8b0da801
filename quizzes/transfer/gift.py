"""Moodle GIFT, read and written the way Moodle's own GIFT format reads and writes it.

GIFT has no "kind" and no ordering question, so an export adds `// kind: …` (and, for
questions other than short answer, `// accepted: …`) comment lines that Moodle ignores,
and writes an order question as a matching question whose left sides are positions; a
match question is GIFT's own matching question.
The mapping is in docs/import_export.md.
"""

import re
from collections.abc import Iterable, Iterator

from quizzes.models import Question, QuestionSet
from quizzes.transfer.exceptions import Unreadable

SPECIALS = "\\~=#{}:"
# While a question's structure is parsed, escaped specials stand in as Unicode
# noncharacters, as Moodle uses "&&035;"-style placeholders.
PLACEHOLDERS = {character: chr(0xFDD0 + index) for index, character in enumerate(SPECIALS)}
RESTORED = str.maketrans({placeholder: character for character, placeholder in PLACEHOLDERS.items()})
WEIGHT = re.compile(r"%(-*)(\d+(?:\.\d*)?)%")
FORMAT_MARKER = re.compile(r"\[(?:html|moodle|plain|markdown)\]")
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
UNSUPPORTED = "only multiple choice, short answer, true/false and matching questions are imported."


def escaped(text: str) -> str:
    """Specials behind a backslash, line breaks as "\\n": the way Moodle's exporter writes text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    characters = ("\\" + character if character in SPECIALS else character for character in text)
    return "".join(characters).replace("\n", "\\n")


def weighed(text: str, weight: int) -> str:
    """An answer that itself starts like a weight ("%5% more") gets an explicit one."""
    return f"%{weight}%{escaped(text)}" if WEIGHT.match(text) else escaped(text)


def question_lines(number: int, fields: dict) -> list[str]:
    lines = [f"// kind: {fields['kind']}"]
    if fields["type"] != Question.Type.TEXT:
        lines += [f"// accepted: {escaped(text)}" for text in fields["accepted_answers"]]
    heading = f"::Q{number}:: {escaped(fields['prompt'])}"
    feedback = f"####{escaped(fields['explanation'])}" if fields["explanation"] else ""
    if fields["type"] == Question.Type.TRUE_FALSE:
        return [*lines, f"{heading} {{{'TRUE' if fields['answer'] else 'FALSE'}{feedback}}}"]
    if fields["type"] == Question.Type.CHOICE:
        answers = [
            f"={escaped(choice)}" if choice == fields["answer"] else f"~{weighed(choice, 0)}"
            for choice in fields["choices"]
        ]
    elif fields["type"] == Question.Type.ORDER:
        # Pairs follow the choices as shown; the left side is each one's place in the answer.
        places = {text: place for place, text in enumerate(fields["answer"], start=1)}
        answers = [f"={places[choice]} -> {escaped(choice)}" for choice in fields["choices"]]
    elif fields["type"] == Question.Type.MATCH:
        answers = [
            f"={escaped(item)} -> {escaped(choice)}"
            for item, choice in zip(fields["items"], fields["answer"], strict=True)
        ]
    else:
        answers = [f"={weighed(text, 100)}" for text in [fields["answer"], *fields["accepted_answers"]]]
    return [*lines, f"{heading} {{", *(f"\t{answer}" for answer in answers + [feedback] if answer), "}"]


def write(question_set: QuestionSet, questions: Iterable[Question]) -> bytes:
    title = " ".join(question_set.title.split())
    blocks = [
        f"// {title}. The kind and accepted comments are read back when this file is imported here.",
        f"$CATEGORY: {title.replace('/', '//')}",
    ]
    for number, question in enumerate(questions, start=1):
        blocks.append("\n".join(question_lines(number, question.content())))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def protected(text: str) -> str:
    """Escapes resolved: "\\n" to a line break, an escaped special to its placeholder."""
    result = []
    characters = iter(text)
    for character in characters:
        if character != "\\":
            result.append(character)
            continue
        following = next(characters, "")
        if following == "n":
            result.append("\n")
        else:
            result.append(PLACEHOLDERS.get(following, character + following))
    return "".join(result)


def restored(text: str) -> str:
    """Placeholders back to their characters; a leading [html]-style marker dropped."""
    text = text.strip()
    if marker := FORMAT_MARKER.match(text):
        text = text[marker.end() :]
    return text.translate(RESTORED).strip()


def answer_pieces(answers: str, markers: str) -> list[str]:
    """Split at unescaped answer markers, each piece keeping its marker."""
    pieces = re.split(f"(?=[{re.escape(markers)}])", answers)
    if pieces[0].strip():
        raise Unreadable(f'has text before its first answer: "{restored(pieces[0])}".')
    return [piece.strip() for piece in pieces[1:]]


def weight_and_text(piece: str, *, default: float) -> tuple[float, str]:
    if weight := WEIGHT.match(piece):
        sign = -1 if weight.group(1) else 1
        return sign * float(weight.group(2)), piece[weight.end() :]
    return default, piece


def without_feedback(answer: str) -> str:
    return restored(answer.split("#", 1)[0])


def multiple_choice(answers: str) -> dict:
    choices, right = [], []
    for piece in answer_pieces(answers, "=~"):
        if piece.startswith("="):
            weight, text = 100.0, piece[1:]
        else:
            weight, text = weight_and_text(piece[1:], default=0.0)
        if 0 < weight < 100:
            raise Unreadable(f"gives partial credit (%{weight:g}%); mark one answer = and the others ~.")
        choices.append(without_feedback(text))
        if weight == 100:
            right.append(choices[-1])
    if len(right) != 1:
        raise Unreadable(f"has {len(right)} right answers; a choice question has exactly one (=).")
    return {"type": Question.Type.CHOICE, "answer": right[0], "choices": choices}


def matching(answers: str) -> dict:
    pairs = []
    for piece in answer_pieces(answers, "="):
        if "->" not in piece:
            raise Unreadable(f'mixes matching pairs with the answer "{restored(piece[1:])}".')
        left, right = piece[1:].split("->", 1)
        pairs.append((restored(left), restored(right)))
    positions = [left for left, _ in pairs]
    if sorted(positions) != sorted(str(place) for place in range(1, len(pairs) + 1)):
        return {
            "type": Question.Type.MATCH,
            "items": [left for left, _ in pairs],
            "answer": [right for _, right in pairs],
            "choices": [right for _, right in pairs],
        }
    # Left sides 1, 2, 3, …: the places of an order question (how an order question is written).
    return {
        "type": Question.Type.ORDER,
        "answer": [right for _, right in sorted(pairs, key=lambda pair: int(pair[0]))],
        "choices": [right for _, right in pairs],
    }


def short_answer(answers: str) -> dict:
    right = []
    for piece in answer_pieces(answers, "="):
        weight, text = weight_and_text(piece[1:], default=100.0)
        if 0 < weight < 100:
            raise Unreadable(f"gives partial credit (%{weight:g}%); every = answer must be fully right.")
        if weight == 100:
            right.append(without_feedback(text))
    if not right:
        raise Unreadable("has no answer with full marks.")
    return {"type": Question.Type.TEXT, "answer": right[0], "choices": [], "accepted_answers": right[1:]}


def question_fields(content: str) -> dict:
    """The fields of one question's text (comments removed), as Moodle would read it."""
    text = protected(content)
    if text.startswith("::"):
        text = text[2:]
        if (title_end := text.find("::")) != -1:
            text = text[title_end + 2 :].strip()
    start, end = text.find("{"), text.find("}")
    if start == -1 and end == -1:
        raise Unreadable("has no answers in { }; descriptions are not imported.")
    if start == -1 or end < start or "{" in text[end:] or "}" in text[end + 1 :]:
        raise Unreadable("has unbalanced braces; write a literal brace as \\{ or \\}.")
    answers = text[start + 1 : end].strip()
    blank = "" if text.endswith("}") else "_____"
    fields = {"prompt": restored(text[:start] + blank + text[end + 1 :]), "explanation": ""}
    if (feedback_start := answers.rfind("####")) != -1:
        fields["explanation"] = restored(answers[feedback_start + 4 :])
        answers = answers[:feedback_start].strip()
    if not answers:
        raise Unreadable(f"is an essay question; {UNSUPPORTED}")
    if answers.startswith("#"):
        raise Unreadable(f"is a numerical question; {UNSUPPORTED}")
    if "~" in answers:
        return fields | multiple_choice(answers)
    if "=" in answers and "->" in answers:
        return fields | matching(answers)
    if (verdict := answers.split("#", 1)[0].strip().upper()) in TRUE_FALSE:
        return fields | {"type": Question.Type.TRUE_FALSE, "answer": TRUE_FALSE[verdict], "choices": []}
    return fields | short_answer(answers)


def blocks(text: str) -> Iterator[list[str]]:
    """Questions are separated by blank lines; lines are trimmed, as Moodle trims them."""
    block = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            block.append(line.strip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def comment_notes(comments: list[str]) -> dict[str, list[str]]:
    """The `// kind: …` and `// accepted: …` lines of a question; other comments are ignored."""
    notes = {"kind": [], "accepted": []}
    for comment in comments:
        name, _, value = comment.partition(":")
        if name.strip().lower() in notes:
            notes[name.strip().lower()].append(restored(protected(value)))
    return notes


def read(text: str) -> Iterator[tuple[int, dict | None, list[str]]]:
    """(question number, fields, problems) for each question; a category is not a question."""
    number = 0
    for block in blocks(text):
        comments = [line[2:] for line in block if line.startswith("//")]
        content = "\n".join(line for line in block if not line.startswith("//"))
        if not content or content.startswith("$CATEGORY:"):
            continue
        number += 1
        notes = comment_notes(comments)
        try:
            fields = question_fields(content)
        except Unreadable as problem:
            yield number, None, [f"Question {number} {problem}"]
            continue
        fields["accepted_answers"] = fields.get("accepted_answers", []) + notes["accepted"]
        yield number, {"kind": next(iter(notes["kind"]), Question.Kind.OTHER), **fields}, []
