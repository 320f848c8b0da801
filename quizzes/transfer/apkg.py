"""Anki packages: one deck per set, one note per question.

Deck and note type ids come from the set's id and note guids from the question's id, so
importing a newer export into Anki updates the notes it made before instead of adding
copies (and keeps the learner's review history).
"""

import hashlib
import html
import tempfile
from pathlib import Path

import genanki

from quizzes.models import Question, QuestionSet

FIELDS = ("Prompt", "Choices", "Answer", "Explanation", "Source")
FRONT = '<div class="prompt">{{Prompt}}</div>{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}'
BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
)
CSS = """.card { font-family: sans-serif; font-size: 20px; line-height: 1.4; }
.answer { font-weight: bold; }
.accepted, .source { color: #666; font-size: 16px; }
.source { font-style: italic; margin-top: 1em; }"""


def stable_id(*parts) -> int:
    """A deterministic id in the range genanki recommends, 2**30 to 2**31."""
    digest = hashlib.sha256("/".join(str(part) for part in parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def deck_id(question_set: QuestionSet) -> int:
    return stable_id("quizzes", "deck", question_set.id)


def model_id(question_set: QuestionSet) -> int:
    return stable_id("quizzes", "model", question_set.id)


def note_guid(question: Question) -> str:
    return genanki.guid_for("quizzes", "question", question.id)


def as_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def listed(items: list[str], *, tag: str) -> str:
    return f"<{tag}>" + "".join(f"<li>{as_html(item)}</li>" for item in items) + f"</{tag}>"


def note_fields(question: Question) -> list[str]:
    fields = question.content()
    if fields["type"] == Question.Type.TRUE_FALSE:
        choices, answer = "True / False", "True" if fields["answer"] else "False"
    elif fields["type"] == Question.Type.ORDER:
        choices, answer = listed(fields["choices"], tag="ul"), listed(fields["answer"], tag="ol")
    elif fields["type"] == Question.Type.MATCH:
        choices = listed(fields["items"], tag="ol") + listed(fields["choices"], tag="ul")
        pairs = [f"{item} → {choice}" for item, choice in zip(fields["items"], fields["answer"], strict=True)]
        answer = listed(pairs, tag="ol")
    elif fields["type"] == Question.Type.CHOICE:
        choices, answer = listed(fields["choices"], tag="ul"), as_html(fields["answer"])
    else:
        choices, answer = "", as_html(fields["answer"])
    if fields["accepted_answers"]:
        also = "; ".join(as_html(text) for text in fields["accepted_answers"])
        answer += f'<div class="accepted">Also accepted: {also}</div>'
    explanation, source = as_html(fields["explanation"]), as_html(question.source_text)
    return [as_html(fields["prompt"]), choices, answer, explanation, source]


def write(question_set: QuestionSet, questions: list[Question]) -> bytes:
    model = genanki.Model(
        model_id(question_set),
        f"Quizzes question ({question_set.title})",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )
    deck = genanki.Deck(
        deck_id(question_set), question_set.title, description=as_html(question_set.description)
    )
    for question in questions:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=note_fields(question),
                guid=note_guid(question),
                tags=[question.kind, question.type],
            )
        )
    # Notes carry the time of the set's last change: Anki's default import (update notes
    # that are newer) then refreshes them after an edit and leaves them alone otherwise.
    last_change = max([question_set.updated_at, *(question.updated_at for question in questions)])
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "deck.apkg"
        genanki.Package(deck).write_to_file(path, timestamp=last_change.timestamp())
        return path.read_bytes()
