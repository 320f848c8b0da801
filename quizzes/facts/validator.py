"""Checks a fact source document and reports every problem with its path.

A teacher fixing a fixture wants the whole list at once, so nothing here stops at the
first error; the loader refuses to load a document with any.
"""

import json
import re
from pathlib import Path

from quizzes.answers import normalize_text
from quizzes.dates import PartialDate
from quizzes.models import Event, EventParticipant, Person, Place, Sentence, Side, Source, Statement

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACE_KINDS = set(Place.Kind.values)
PARTICIPANT_ROLES = set(EventParticipant.Role.values)
FORMATS = (1, 2)
TOP_LEVEL = {"format", "source", "sides", "sentences", "people", "places", "events"}
# Format 2 adds explanatory statements and how to ask about each event.
FORMAT_2_TOP_LEVEL = {"statements"}
STATEMENT_KINDS = set(Statement.Kind.values)
STATEMENT_KEYS = {
    "id": True,
    "about": True,
    "kind": True,
    "question": True,
    "answer": True,
    "sentence": True,
    "also_right": False,
    "wrong": False,
    "true_claim": False,
    "false_claim": False,
}
MIN_STATEMENT_WRONG, MAX_STATEMENT_WRONG = 3, 6
PHRASE_KEYS = {"asked": True, "told": True, "done": False}
MAX_STATEMENT_ANSWER = 300


def longest(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# The longest each string may be: what the database holds, and what the question rules
# take once it is in a question (a statement's question becomes a match question's item, at
# most 500 characters; a sentence is quoted after the answer, an alias is an accepted answer).
MAX_LENGTHS = {
    "source": {"slug": longest(Source, "slug"), "title": longest(Source, "title"), "description": 5000,
               "text": 200_000},
    "sides": {"id": longest(Side, "key"), "name": longest(Side, "name")},
    "sentences": {"id": longest(Sentence, "key"), "text": 2000},
    "people": {"id": longest(Person, "key"), "name": longest(Person, "name"), "role": longest(Person, "role"),
               "description": longest(Person, "description")},
    "places": {"id": longest(Place, "key"), "name": longest(Place, "name")},
    "events": {"id": longest(Event, "key"), "name": longest(Event, "name")},
    "statements": {"id": longest(Statement, "key"), "question": 500},
}  # fmt: skip
MAX_ALIASES, MAX_ALIAS = 20, 200
MAX_PHRASE = 300
MAX_PARTICIPANTS = 50
SOURCE_KEYS = {"slug": True, "title": True, "description": False, "text_file": False, "text": False}
SIDE_KEYS = {"id": True, "name": True, "opposes": False}
SENTENCE_KEYS = {"id": True, "text": True}
PERSON_KEYS = {
    "id": True,
    "name": True,
    "aliases": True,
    "role": True,
    "side": True,
    "description": True,
    "sentence": True,
}
PLACE_KEYS = {
    "id": True,
    "name": True,
    "aliases": True,
    "kind": True,
    "located_in": True,
    "sentence": True,
}
EVENT_KEYS = {
    "id": True,
    "name": True,
    "date": True,
    "date_end": False,
    "other_dates": False,
    "open_ended": False,
    "place": True,
    "participants": True,
    "sentence": True,
    "phrases": False,
}


def is_one_of(value, allowed: set[str]) -> bool:
    return isinstance(value, str) and value in allowed


def has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class FactSourceValidator:
    def __init__(self, document):
        self.document = document
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def validate(self) -> list[str]:
        document = self.document
        if not isinstance(document, dict):
            self.error("$", "a fact source must be a JSON object")
            return self.errors
        version = document.get("format")
        allowed = TOP_LEVEL | (FORMAT_2_TOP_LEVEL if version == 2 else set())
        for key in sorted(set(document) - allowed):
            self.error(key, "unknown key" if key not in FORMAT_2_TOP_LEVEL else "needs format 2")
        for key in sorted(TOP_LEVEL - set(document)):
            self.error(key, "is required")
        if "format" in document and (isinstance(version, bool) or version not in FORMATS):
            self.error("format", f"{version!r} is not a known format (expected 1 or 2)")
        source = document.get("source")
        if isinstance(source, dict):
            self.check_record(
                "source", source, SOURCE_KEYS, may_be_empty={"description", "text"}, name="source"
            )
            if "text_file" in source and not isinstance(source["text_file"], str):
                self.error("source.text_file", "must be a string")
            if isinstance(source.get("slug"), str) and not SLUG.match(source["slug"]):
                self.error("source.slug", f'"{source["slug"]}" is not a slug')
        elif "source" in document:
            self.error("source", "must be an object")

        sides = self.records("sides", SIDE_KEYS)
        sentences = self.records("sentences", SENTENCE_KEYS)
        people = self.records("people", PERSON_KEYS, may_be_empty={"description"})
        places = self.records("places", PLACE_KEYS)
        events = self.records("events", EVENT_KEYS)

        side_ids = self.ids("sides", sides)
        sentence_ids = self.ids("sentences", sentences)
        person_ids = self.ids("people", people)
        place_ids = self.ids("places", places)
        event_ids = self.ids("events", events)

        for index, side in sides:
            self.check_opposes(f"sides[{index}]", side, side_ids)
        for index, person in people:
            path = f"people[{index}]"
            self.check_aliases(path, person)
            self.check_description(path, person)
            self.check_reference(f"{path}.side", person.get("side"), side_ids, "side")
            self.check_reference(f"{path}.sentence", person.get("sentence"), sentence_ids, "sentence")
        for index, place in places:
            path = f"places[{index}]"
            self.check_aliases(path, place)
            if "kind" in place and not is_one_of(place["kind"], PLACE_KINDS):
                self.error(
                    f"{path}.kind",
                    f"{place['kind']!r} is not one of {', '.join(sorted(PLACE_KINDS))}",
                )
            if place.get("located_in") is not None:
                self.check_reference(f"{path}.located_in", place["located_in"], place_ids, "place")
                if place["located_in"] == place.get("id"):
                    self.error(f"{path}.located_in", "a place cannot lie in itself")
            self.check_reference(f"{path}.sentence", place.get("sentence"), sentence_ids, "sentence")
        self.check_place_cycles(places, place_ids)
        event_names: dict[str, int] = {}
        for index, event in events:
            if "phrases" in event:
                self.check_phrases(f"events[{index}].phrases", event, version)
            name = normalize_text(event.get("name")) if isinstance(event.get("name"), str) else ""
            if name in event_names:
                self.error(f"events[{index}].name", f"is the same as events[{event_names[name]}].name")
            event_names.setdefault(name, index)
            self.check_event(f"events[{index}]", event, person_ids, place_ids, sentence_ids)
        self.check_unique_names(people, places)
        statements = self.records("statements", STATEMENT_KEYS)
        statement_ids = self.ids("statements", statements)
        for index, statement in statements:
            self.check_statement(
                f"statements[{index}]", statement, event_ids, person_ids, sentence_ids, statement_ids
            )
        if not self.errors:  # then only known keys, a few levels deep
            self.check_characters("", document)
        return self.errors

    def check_characters(self, path: str, value) -> None:
        """PostgreSQL stores no NUL character, and UTF-8 no lone surrogate ("\\ud800" in JSON)."""
        if isinstance(value, str):
            if "\x00" in value:
                self.error(path or "$", "contains a NUL character")
            elif not value.isascii() and has_lone_surrogate(value):
                self.error(path or "$", "contains a lone surrogate (not valid Unicode text)")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_characters(f"{path}[{index}]", item)
        elif isinstance(value, dict):
            for key, item in value.items():
                self.check_characters(f"{path}.{key}" if path else key, item)

    def check_phrases(self, path: str, event: dict, version) -> None:
        """How to ask about an event: clauses that read naturally and give nothing away."""
        phrases = event["phrases"]
        if version != 2:
            self.error(path, "needs format 2")
            return
        if not isinstance(phrases, dict):
            self.error(path, "must be an object")
            return
        self.check_record(path, phrases, PHRASE_KEYS)
        for key, phrase in phrases.items():
            if key in PHRASE_KEYS and (not isinstance(phrase, str) or not phrase.strip()):
                self.error(f"{path}.{key}", "must be a non-empty string")
            elif key in PHRASE_KEYS and len(phrase) > MAX_PHRASE:
                self.error(f"{path}.{key}", f"at most {MAX_PHRASE} characters")
            elif key in PHRASE_KEYS and isinstance(event.get("date"), str) and event["date"][:4] in phrase:
                self.error(f"{path}.{key}", "gives away the year")
        participants = event.get("participants") if isinstance(event.get("participants"), list) else []
        has_leader = any(
            isinstance(p, dict) and p.get("role") in ("leader", "commander") for p in participants
        )
        if "done" in phrases and not has_leader:
            self.error(f"{path}.done", "only an event with a leader or commander is asked who did it")

    def check_statement(self, path, statement, event_ids, person_ids, sentence_ids, statement_ids) -> None:
        about = statement.get("about")
        if not isinstance(about, dict) or len(about) != 1 or not ({"event", "person"} & set(about)):
            self.error(f"{path}.about", 'must be {"event": id} or {"person": id}')
        elif "event" in about:
            self.check_reference(f"{path}.about.event", about["event"], event_ids, "event")
        else:
            self.check_reference(f"{path}.about.person", about["person"], person_ids, "person")
        if not is_one_of(statement.get("kind"), STATEMENT_KINDS):
            self.error(
                f"{path}.kind",
                f"{json.dumps(statement.get('kind'))} is not one of {', '.join(sorted(STATEMENT_KINDS))}",
            )
        for key in ("question", "answer"):
            if not isinstance(statement.get(key), str) or not statement[key].strip():
                self.error(f"{path}.{key}", "must be a non-empty string")
        if isinstance(statement.get("question"), str) and not statement["question"].rstrip().endswith("?"):
            self.error(f"{path}.question", "must end with a question mark")
        if isinstance(statement.get("answer"), str) and len(statement["answer"]) > MAX_STATEMENT_ANSWER:
            self.error(f"{path}.answer", f"at most {MAX_STATEMENT_ANSWER} characters")
        self.check_reference(f"{path}.sentence", statement.get("sentence"), sentence_ids, "sentence")
        also_right = statement.get("also_right", [])
        if not isinstance(also_right, list):
            self.error(f"{path}.also_right", "must be a list of statement ids")
        else:
            for index, other in enumerate(also_right):
                self.check_reference(f"{path}.also_right[{index}]", other, statement_ids, "statement")
        if "wrong" in statement:
            self.check_statement_wrong(path, statement)
        self.check_statement_claims(path, statement)

    def check_statement_wrong(self, path, statement) -> None:
        wrong = statement["wrong"]
        if (
            not isinstance(wrong, list)
            or not MIN_STATEMENT_WRONG <= len(wrong) <= MAX_STATEMENT_WRONG
            or not all(isinstance(w, str) and w.strip() for w in wrong)
        ):
            self.error(
                f"{path}.wrong",
                f"must be a list of {MIN_STATEMENT_WRONG} to {MAX_STATEMENT_WRONG} non-empty strings",
            )
            return
        seen = {normalize_text(statement["answer"])} if isinstance(statement.get("answer"), str) else set()
        for index, option in enumerate(wrong):
            if normalize_text(option) in seen:
                self.error(f"{path}.wrong[{index}]", "repeats the answer or another wrong answer")
            if len(option) > MAX_STATEMENT_ANSWER:
                self.error(f"{path}.wrong[{index}]", f"at most {MAX_STATEMENT_ANSWER} characters")
            seen.add(normalize_text(option))

    def check_statement_claims(self, path, statement) -> None:
        claims = {key: statement.get(key) for key in ("true_claim", "false_claim") if key in statement}
        if not claims:
            return
        if len(claims) == 1:
            self.error(f"{path}.{next(iter(claims))}", "true_claim and false_claim come together")
        for key, claim in claims.items():
            if not isinstance(claim, str) or not claim.strip():
                self.error(f"{path}.{key}", "must be a non-empty string")
            elif len(claim) > MAX_STATEMENT_ANSWER:
                self.error(f"{path}.{key}", f"at most {MAX_STATEMENT_ANSWER} characters")
        texts = [normalize_text(c) for c in claims.values() if isinstance(c, str)]
        if len(texts) == 2 and texts[0] == texts[1]:
            self.error(f"{path}.false_claim", "must differ from true_claim")

    def records(self, name: str, keys: dict[str, bool], may_be_empty=frozenset()) -> list[tuple[int, dict]]:
        """The list's objects with their indexes, each checked for its keys and their lengths."""
        if name not in self.document:
            return []
        items = self.document[name]
        if not isinstance(items, list):
            self.error(name, "must be a list")
            return []
        valid = []
        for index, item in enumerate(items):
            path = f"{name}[{index}]"
            if not isinstance(item, dict):
                self.error(path, "must be an object")
                continue
            self.check_record(path, item, keys, may_be_empty, name=name)
            valid.append((index, item))
        return valid

    def check_record(
        self, path: str, item: dict, keys: dict[str, bool], may_be_empty=frozenset(), *, name: str = ""
    ) -> None:
        for key in item:
            if key not in keys:
                self.error(f"{path}.{key}", "unknown key")
        for key, required in keys.items():
            if required and key not in item:
                self.error(f"{path}.{key}", "is required")
        for key in ("id", "name", "title", "text", "role", "description", "slug"):
            if key in keys and key in item:
                value = item[key]
                if key in may_be_empty:
                    if not isinstance(value, str):
                        self.error(f"{path}.{key}", "must be a string")
                elif not isinstance(value, str) or not value.strip():
                    self.error(f"{path}.{key}", "must be a non-empty string")
        for key, limit in MAX_LENGTHS.get(name, {}).items():
            if isinstance(item.get(key), str) and len(item[key]) > limit:
                self.error(f"{path}.{key}", f"at most {limit:,} characters (this has {len(item[key]):,})")

    def check_opposes(self, path: str, side: dict, side_ids: set[str]) -> None:
        opposes = side.get("opposes", [])
        if not isinstance(opposes, list):
            self.error(f"{path}.opposes", "must be a list of side ids")
            return
        for index, other in enumerate(opposes):
            if other == side.get("id"):
                self.error(f"{path}.opposes[{index}]", "a side cannot oppose itself")
            else:
                self.check_reference(f"{path}.opposes[{index}]", other, side_ids, "side")

    def check_description(self, path: str, person: dict) -> None:
        """A description that names its person would give away "Who is described here?"."""
        description = person.get("description")
        if not isinstance(description, str) or not isinstance(person.get("name"), str):
            return
        aliases = person.get("aliases") if isinstance(person.get("aliases"), list) else []
        haystack = f" {normalize_text(description)} "
        for name in [person["name"], *aliases]:
            needle = normalize_text(name) if isinstance(name, str) else ""
            if needle and f" {needle} " in haystack:
                self.error(f"{path}.description", f'names the person ("{name}")')
                return

    def check_place_cycles(self, places: list[tuple[int, dict]], place_ids: set[str]) -> None:
        parent = {
            place["id"]: place["located_in"]
            for _, place in places
            if isinstance(place.get("id"), str)
            and isinstance(place.get("located_in"), str)
            and place["located_in"] in place_ids
        }
        for index, place in places:
            start = place.get("id")
            if not isinstance(start, str):
                continue
            seen, current = [start], parent.get(start)
            while current is not None and current not in seen:
                seen.append(current)
                current = parent.get(current)
            if current == start and len(seen) > 1:
                chain = " → ".join([*seen, start])
                self.error(f"places[{index}].located_in", f"lies in itself through {chain}")

    def ids(self, name: str, items: list[tuple[int, dict]]) -> set[str]:
        seen: dict[str, int] = {}
        for index, item in items:
            value = item.get("id")
            if not isinstance(value, str):
                continue
            if not SLUG.match(value):
                self.error(f"{name}[{index}].id", f'"{value}" is not a slug (a-z, 0-9 and -)')
            elif value in seen:
                self.error(f"{name}[{index}].id", f'"{value}" is already used by {name}[{seen[value]}]')
            else:
                seen[value] = index
        return set(seen)

    def check_reference(self, path: str, value, known: set[str], what: str) -> None:
        if not isinstance(value, str) or value not in known:
            self.error(path, f"{json.dumps(value, ensure_ascii=False)} is not a {what} id")

    def check_aliases(self, path: str, item: dict) -> None:
        aliases = item.get("aliases")
        if not isinstance(aliases, list):
            self.error(f"{path}.aliases", "must be a list of strings")
            return
        if len(aliases) > MAX_ALIASES:
            self.error(f"{path}.aliases", f"at most {MAX_ALIASES} aliases")
        for index, alias in enumerate(aliases):
            if not isinstance(alias, str) or not normalize_text(alias):
                self.error(f"{path}.aliases[{index}]", "must be a non-empty string")
            elif len(alias) > MAX_ALIAS:
                self.error(f"{path}.aliases[{index}]", f"at most {MAX_ALIAS} characters")

    def check_event(self, path, event, person_ids, place_ids, sentence_ids) -> None:
        date = self.check_date(f"{path}.date", event.get("date"), optional=True)
        if "date_end" in event:
            end = self.check_date(f"{path}.date_end", event["date_end"], optional=False)
            if date is None and "date" in event and event["date"] is None:
                self.error(f"{path}.date_end", "a range needs a start date")
            elif date and end and end.first_day <= date.last_day:
                self.error(f"{path}.date_end", f'"{event["date_end"]}" does not end after the date')
        if "open_ended" in event:
            if not isinstance(event["open_ended"], bool):
                self.error(f"{path}.open_ended", "must be true or false")
            elif event["open_ended"] and date is None:
                self.error(f"{path}.open_ended", "an open end needs a start date")
            elif event["open_ended"] and "date_end" in event:
                self.error(f"{path}.open_ended", "a range with an end is not open-ended")
        if "other_dates" in event:
            others = event["other_dates"]
            if not isinstance(others, list):
                self.error(f"{path}.other_dates", "must be a list of dates")
            else:
                if date is None and others:
                    self.error(f"{path}.other_dates", "other dates need a date")
                for index, other in enumerate(others):
                    self.check_date(f"{path}.other_dates[{index}]", other, optional=False)
        if event.get("place") is not None:
            self.check_reference(f"{path}.place", event["place"], place_ids, "place")
        participants = event.get("participants")
        if not isinstance(participants, list):
            self.error(f"{path}.participants", "must be a list")
        elif len(participants) > MAX_PARTICIPANTS:
            self.error(f"{path}.participants", f"at most {MAX_PARTICIPANTS} people take part in one event")
        else:
            seen = set()
            for index, participant in enumerate(participants):
                item_path = f"{path}.participants[{index}]"
                if not isinstance(participant, dict):
                    self.error(item_path, "must be an object")
                    continue
                self.check_record(item_path, participant, {"person": True, "role": True})
                self.check_reference(f"{item_path}.person", participant.get("person"), person_ids, "person")
                if not is_one_of(participant.get("role"), PARTICIPANT_ROLES):
                    self.error(
                        f"{item_path}.role",
                        f"{json.dumps(participant.get('role'))} is not one of "
                        f"{', '.join(sorted(PARTICIPANT_ROLES))}",
                    )
                person = participant.get("person")
                if isinstance(person, str) and person in seen:
                    self.error(f"{item_path}.person", "is already a participant of this event")
                seen.add(person if isinstance(person, str) else None)
        self.check_reference(f"{path}.sentence", event.get("sentence"), sentence_ids, "sentence")

    def check_date(self, path: str, value, *, optional: bool) -> PartialDate | None:
        if value is None and optional:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as problem:
            self.error(path, f"{json.dumps(value, ensure_ascii=False)} is not a date ({problem})")
            return None

    def check_unique_names(self, people, places) -> None:
        """A name or alias must name one thing, or an answer would be right twice."""
        owners: dict[str, str] = {}
        for collection, items in (("people", people), ("places", places)):
            for index, item in items:
                names = [("name", item.get("name"))]
                if isinstance(item.get("aliases"), list):
                    names += [(f"aliases[{i}]", alias) for i, alias in enumerate(item["aliases"])]
                own: set[str] = set()
                for field, value in names:
                    if not isinstance(value, str):
                        continue
                    key = normalize_text(value).replace(" ", "")
                    if not key:
                        continue
                    path = f"{collection}[{index}]"
                    if key in owners and owners[key] != path:
                        self.error(f"{path}.{field}", f'"{value}" also names {owners[key]}')
                    elif key in own:
                        self.error(f"{path}.{field}", f'"{value}" is listed twice')
                    owners[key] = owners.get(key, path)
                    own.add(key)


def validate_fact_source(document) -> list[str]:
    return FactSourceValidator(document).validate()


def read_fact_file(path: Path) -> tuple[dict | None, list[str]]:
    """Read and validate a fixture file: (document, errors)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"{path}: no such file"]
    except UnicodeDecodeError as problem:
        return None, [f"{path}: not UTF-8 ({problem.reason})"]
    except json.JSONDecodeError as problem:
        return None, [
            f"{path}: not valid JSON (line {problem.lineno}, column {problem.colno}: {problem.msg})"
        ]
    return document, validate_fact_source(document)
