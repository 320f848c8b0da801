"""The fact source editor's form: a fact document (fixtures/README.md) as rows of fields a
teacher edits, and back, with each of the validator's messages beside the field it is about.

The document is the one truth: the form is made from it and turned back into it, then the
validator judges it (quizzes.facts.validator), so the page never has rules of its own.
Lists are written one item a line (aliases, wrong answers, participants as "person-id
role") or separated by commas (ids, dates).
"""

import re
from dataclasses import dataclass, field

from quizzes.models import EventParticipant, Place, Statement


@dataclass(frozen=True)
class Field:
    """One key of a record. `kind` says how it is written in the form: text, long (a text
    area), lines (a list, one a line), ids (a list separated by commas), ref (the id of a
    record of `refers_to`, offered from a list), choice, date, flag (a check box),
    participants, about, or phrase (a key of the event's phrases)."""

    name: str
    label: str
    kind: str = "text"
    refers_to: str = ""
    choices: tuple[str, ...] = ()
    optional: bool = False  # written only when given
    nullable: bool = False  # blank is null
    help: str = ""


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    one: str
    fields: tuple[Field, ...]
    format_2: bool = False


SOURCE_FIELDS = (
    Field("title", "Title", help="The article's title; also the generated set's title."),
    Field("slug", "Short name", help="Letters a-z, digits and hyphens: my-war-1812."),
    Field("description", "Description", "long", help="One paragraph shown on the set."),
    Field("text", "Source text", "long", optional=True, help="The text the sentences are quoted from."),
)
SECTIONS = (
    Section("sides", "Sides", "side", (
        Field("id", "Id"),
        Field("name", "Name"),
        Field("opposes", "Opposes", "ids", refers_to="sides", optional=True, help="The sides it fought."),
    )),
    Section("sentences", "Sentences", "sentence", (
        Field("id", "Id"),
        Field("text", "Text", "long", help="Quoted word for word from the source."),
    )),
    Section("people", "People", "person", (
        Field("id", "Id"),
        Field("name", "Name"),
        Field("aliases", "Other names", "lines", help="One a line; never another person's or place's."),
        Field("role", "Role", help="A noun phrase: colonel, commander of the Persian Cossack Brigade."),
        Field("side", "Side", "ref", refers_to="sides"),
        Field("description", "Description", help="One line that tells them apart, without their name."),
        Field("sentence", "Sentence", "ref", refers_to="sentences"),
    )),
    Section("places", "Places", "place", (
        Field("id", "Id"),
        Field("name", "Name"),
        Field("aliases", "Other names", "lines"),
        Field("kind", "Kind", "choice", choices=tuple(Place.Kind.values)),
        Field("located_in", "Lies in", "ref", refers_to="places", nullable=True),
        Field("sentence", "Sentence", "ref", refers_to="sentences"),
    )),
    Section("events", "Events", "event", (
        Field("id", "Id"),
        Field("name", "Name", help="A noun phrase with its article: the occupation of Tabriz."),
        Field("date", "Date", "date", nullable=True, help="1909-04-20, 1909-04 or 1909."),
        Field("date_end", "Ends", "date", optional=True),
        Field("other_dates", "Other dates", "ids", optional=True, help="Other dates the text gives."),
        Field("open_ended", "Open-ended", "flag", optional=True, help="Only its start is known."),
        Field("place", "Place", "ref", refers_to="places", nullable=True),
        Field(
            "participants", "People in it", "participants", refers_to="people",
            help="One a line: person-id role (" + ", ".join(EventParticipant.Role.values) + ").",
        ),
        Field("sentence", "Sentence", "ref", refers_to="sentences"),
        Field("asked", "Asked as", "phrase", optional=True, help="When … ? was the October Manifesto issued"),
        Field("told", "Told as", "phrase", optional=True, help="… in 1905: the October Manifesto was issued"),
        Field("done", "Done", "phrase", optional=True, help="Who … ? issued the October Manifesto"),
    )),
    Section("statements", "Why, how and with what result", "statement", (
        Field("id", "Id"),
        Field("about", "About", "about", help="event:id or person:id"),
        Field("kind", "Kind", "choice", choices=tuple(Statement.Kind.values)),
        Field("question", "Question"),
        Field("answer", "Answer"),
        Field("sentence", "Sentence", "ref", refers_to="sentences"),
        Field("wrong", "Wrong answers", "lines", optional=True, help="3 to 6, one a line."),
        Field("also_right", "Also right", "ids", refers_to="statements", optional=True),
        Field("true_claim", "True claim", optional=True),
        Field("false_claim", "False claim", optional=True),
    ), format_2=True),
)  # fmt: skip
SECTION_NAMES = tuple(section.name for section in SECTIONS)
MAX_ROWS = 2000  # per section: the form never reads more (the services' limits are lower)
# A validator path: people[3].aliases[1], events[2].phrases.asked, source.slug, format.
PATH = re.compile(
    r"^(?P<section>[a-z_$]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<field>[a-z_]+))?(?:\.(?P<sub>[a-z_]+))?"
)


@dataclass
class Cell:
    field: Field
    name: str  # the input's name
    value: str | bool
    errors: list[str] = field(default_factory=list)


@dataclass
class Row:
    index: int
    cells: list[Cell]
    errors: list[str] = field(default_factory=list)  # about the record as a whole

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(cell.errors for cell in self.cells)


@dataclass
class SectionForm:
    section: Section
    rows: list[Row]
    errors: list[str] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        in_rows = sum(len(row.errors) + sum(len(cell.errors) for cell in row.cells) for row in self.rows)
        return len(self.errors) + in_rows


@dataclass(frozen=True)
class Problem:
    """A message of the validator with where it is, for the list atop the form."""

    where: str  # "People 1, Side"
    anchor: str  # the id of the field (or row) it is about
    message: str


@dataclass
class EditorForm:
    format: int
    source: list[Cell]
    sections: list[SectionForm]
    errors: list[str]  # about the document as a whole
    choices: dict[str, list[tuple[str, str]]]  # per section: (id, a label) for the reference lists

    @property
    def problems(self) -> list[Problem]:
        """Every message placed beside a field or a row, in the order of the form, each
        linking to where it is shown."""
        found = [Problem(f"The source, {cell.field.label}", cell.name, message)
                 for cell in self.source for message in cell.errors]  # fmt: skip
        for part in self.sections:
            found += [Problem(part.section.title, f"section-{part.section.name}", m) for m in part.errors]
            for row in part.rows:
                where = f"{part.section.one.capitalize()} {row.index + 1}"
                anchor = f"{part.section.name}-{row.index}"
                found += [Problem(where, anchor, message) for message in row.errors]
                found += [
                    Problem(f"{where}, {cell.field.label}", cell.name, message)
                    for cell in row.cells
                    for message in cell.errors
                ]
        return found

    @property
    def error_count(self) -> int:
        in_source = sum(len(cell.errors) for cell in self.source)
        return len(self.errors) + in_source + sum(section.error_count for section in self.sections)


def as_text(field_: Field, record: dict) -> str | bool:
    """A record's value for the form."""
    if field_.kind == "phrase":
        return (record.get("phrases") or {}).get(field_.name, "")
    value = record.get(field_.name)
    if field_.kind == "flag":
        return bool(value)
    if value is None:
        return ""
    if field_.kind == "lines":
        return "\n".join(str(item) for item in value) if isinstance(value, list) else str(value)
    if field_.kind == "ids":
        return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
    if field_.kind == "participants" and isinstance(value, list):
        return "\n".join(_participant(item) for item in value)
    if field_.kind == "about" and isinstance(value, dict):
        return ", ".join(f"{key}:{target}" for key, target in value.items())
    return str(value)


def _participant(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    return f"{item.get('person', '')} {item.get('role', '')}".strip()


def from_text(field_: Field, text: str):
    """A form value for the document; None when a blank optional key is left out."""
    if field_.kind == "flag":
        return True if text else None
    text = text.strip()
    if field_.kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if field_.kind == "ids":
        return [item for item in re.split(r"[,\s]+", text) if item]
    if field_.kind == "participants":
        people = []
        for line in text.splitlines():
            person, _, role = line.strip().partition(" ")
            if person:
                people.append({"person": person.strip(), "role": role.strip()})
        return people
    if field_.kind == "about":
        kind, _, target = text.partition(":")
        return {kind.strip(): target.strip()} if target else text
    if not text and field_.nullable:
        return None
    return text


def document_from(data) -> dict:
    """The fact document a posted editor form holds: rows marked for removal and rows left
    blank are left out; every other row is a record, even half filled (the validator says
    what is missing)."""
    source = {}
    for field_ in SOURCE_FIELDS:
        value = data.get(f"source-{field_.name}", "").strip()
        if value or not field_.optional:
            source[field_.name] = value
    document = {"format": 2 if data.get("format") == "2" else 1, "source": source}
    for section in SECTIONS:
        records = []
        for index in range(min(_count(data, section.name), MAX_ROWS)):
            prefix = f"{section.name}-{index}-"
            if data.get(f"{prefix}remove"):
                continue
            texts = {f.name: data.get(f"{prefix}{f.name}", "") for f in section.fields}
            if not any(str(text).strip() for text in texts.values()):
                continue
            records.append(_record(section, texts))
        if section.format_2:
            if records:
                document["format"] = 2
                document[section.name] = records
            elif document["format"] == 2:
                document[section.name] = []
        else:
            document[section.name] = records
    if document["format"] == 2 and "statements" not in document:
        document["statements"] = []
    return document


def _count(data, name: str) -> int:
    try:
        return max(int(data.get(f"{name}-count", "0")), 0)
    except ValueError:
        return 0


def _record(section: Section, texts: dict[str, str]) -> dict:
    record, phrases = {}, {}
    for field_ in section.fields:
        value = from_text(field_, texts[field_.name])
        if field_.kind == "phrase":
            if value:
                phrases[field_.name] = value
            continue
        if field_.optional and value in (None, "", []):
            continue
        record[field_.name] = value
    if phrases:
        record["phrases"] = phrases
    return record


def editor_form(document: dict, errors=(), *, extra_rows: dict[str, int] | None = None) -> EditorForm:
    """The form of a document, each of the validator's `errors` ("path: message") beside its
    field, its row or, failing those, at the top; `extra_rows` adds blank rows to fill in."""
    placed = _placed_errors(errors)
    source_record = document.get("source") if isinstance(document.get("source"), dict) else {}
    source = [
        Cell(f, f"source-{f.name}", as_text(f, source_record), placed.pop(("source", None, f.name), []))
        for f in SOURCE_FIELDS
    ]
    sections, choices = [], {}
    for section in SECTIONS:
        records = document.get(section.name) if isinstance(document.get(section.name), list) else []
        records = [record if isinstance(record, dict) else {} for record in records]
        rows = [_row(section, index, record, placed) for index, record in enumerate(records)]
        for _ in range((extra_rows or {}).get(section.name, 0)):
            rows.append(_row(section, len(rows), {}, placed))
        sections.append(SectionForm(section, rows, placed.pop((section.name, None, None), [])))
        choices[section.name] = [(str(record.get("id", "")), _label(record)) for record in records]
    left = [message for messages in placed.values() for message in messages]
    version = document.get("format") if document.get("format") in (1, 2) else 1
    return EditorForm(version, source, sections, left, choices)


def _row(section: Section, index: int, record: dict, placed: dict) -> Row:
    prefix = f"{section.name}-{index}-"
    cells = [
        Cell(f, prefix + f.name, as_text(f, record), placed.pop((section.name, index, f.name), []))
        for f in section.fields
    ]
    return Row(index, cells, placed.pop((section.name, index, None), []))


def _label(record: dict) -> str:
    text = str(record.get("name") or record.get("text") or record.get("question") or "")
    return text if len(text) <= 80 else text[:79] + "…"


def _placed_errors(errors) -> dict[tuple, list[str]]:
    """The validator's messages by (section, row index or None, field or None)."""
    placed: dict[tuple, list[str]] = {}
    for error in errors:
        path, _, message = error.partition(": ")
        match = PATH.match(path)
        key = (None, None, None)
        if match:
            section, index, name, sub = match["section"], match["index"], match["field"], match["sub"]
            if section == "source":
                key = ("source", None, name)
            elif section in SECTION_NAMES:
                if name == "phrases" and sub:
                    name = sub
                key = (section, int(index) if index is not None else None, name)
        placed.setdefault(key, []).append(message or error)
    return placed
