"""How long a teacher's source takes at the limits of services.sources (issue 13).

Builds a synthetic, valid fact document with as many records as a source may hold (500
people, 500 places, 1,000 events, 2,000 sentences, 1,000 statements, 200 sides), then times
creating it, generating its set, generating again (nothing changed), replacing it with
one event renamed and generating once more, against the database of DATABASE_URL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/quizzes_sources \\
        python bench/source_at_the_limits.py [--scale 0.5]

It makes a teacher "bench-limits" and deletes their source at the end.
"""

import argparse
import json
import os
import string
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from accounts.models import User  # noqa: E402
from quizzes.models import Source  # noqa: E402
from quizzes.services import sources  # noqa: E402

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
KINDS = ["cause", "pretext", "aim", "demand", "method", "result", "significance"]


def word(number: int, length: int = 3) -> str:
    """A made-up name part, different for every number: Bak, Cel, …"""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    letters = []
    for position in range(length):
        alphabet = consonants if position % 2 == 0 else vowels
        number, digit = divmod(number, len(alphabet))
        letters.append(alphabet[digit])
    return "".join(letters).capitalize()


def document(scale: float = 1.0) -> dict:
    count = {name: int(limit * scale) for name, limit in sources.MAX_RECORDS.items()}
    sides = [{"id": f"side-{n}", "name": f"The {word(n, 5)} party"} for n in range(count["sides"])]
    for n, side in enumerate(sides):
        side["opposes"] = [f"side-{(n + 1) % len(sides)}", f"side-{(n + 2) % len(sides)}"]
    sentences, people, places, events, statements = [], [], [], [], []
    for n in range(count["places"]):
        name = f"{word(n, 4)}grad"
        sentences.append({"id": f"s-place-{n}", "text": f"The town of {name} lay on the river."})
        places.append({
            "id": f"place-{n}", "name": name, "aliases": [f"{word(n, 4)}burg"],
            "kind": "region" if n < 20 else "city", "located_in": f"place-{n % 20}" if n >= 20 else None,
            "sentence": f"s-place-{n}",
        })  # fmt: skip
    for n in range(count["people"]):
        name = f"{word(n, 4)} {word(n + 7919, 5)}"
        sentences.append({"id": f"s-person-{n}", "text": f"{name} served as a captain of the guard."})
        people.append({
            "id": f"person-{n}", "name": name, "aliases": [], "role": "captain of the guard",
            "side": f"side-{n % len(sides)}", "description": f"captain number {n} of the guard",
            "sentence": f"s-person-{n}",
        })  # fmt: skip
    for n in range(count["events"]):
        year, month, day = 1800 + n % 150, n % 12, 1 + n % 28
        text = f"On {day} {MONTHS[month]} {year} {people[n % len(people)]['name']} took part in an affair."
        sentences.append({"id": f"s-event-{n}", "text": text})
        events.append({
            "id": f"event-{n}", "name": f"the {word(n, 6).lower()} affair",
            "date": f"{year}-{month + 1:02d}-{day:02d}", "place": f"place-{n % len(places)}",
            "participants": [{"person": f"person-{n % len(people)}", "role": "leader"},
                             {"person": f"person-{(n + 1) % len(people)}", "role": "participant"}],
            "sentence": f"s-event-{n}",
        })  # fmt: skip
    while len(sentences) < count["sentences"]:
        n = len(sentences)
        text = f"Nothing of note happened in the year {1700 + n % 99}."
        sentences.append({"id": f"s-extra-{n}", "text": text})
    for n in range(count["statements"]):
        kind, event = KINDS[n % len(KINDS)], n % len(events)
        statements.append({
            "id": f"statement-{n}", "about": {"event": f"event-{event}"}, "kind": kind,
            "question": f"What was the {kind} of the {word(event, 6).lower()} affair?",
            "answer": f"the {string.ascii_lowercase[n % 26]} matter of {word(n, 5)}",
            "sentence": f"s-event-{event}",
        })  # fmt: skip
    return {
        "format": 2,
        "source": {"slug": "at-the-limits", "title": "A source at the limits", "description": "Synthetic."},
        "sides": sides, "sentences": sentences[: count["sentences"]], "people": people, "places": places,
        "events": events, "statements": statements,
    }  # fmt: skip


def timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{label:<44} {time.perf_counter() - started:6.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="a share of the limits (default 1)")
    scale = parser.parse_args().scale
    teacher, _ = User.objects.get_or_create(username="bench-limits", defaults={"role": "teacher"})
    for leftover in Source.objects.filter(owner=teacher):  # of a run that was stopped
        sources.delete_source(source=leftover)
    facts = document(scale)
    size = len(json.dumps(facts, ensure_ascii=False).encode())
    counts = ", ".join(f"{len(facts[name])} {name}" for name in sources.MAX_RECORDS)
    print(f"{counts}; {size:,} bytes of JSON")
    errors = timed("validate", lambda: sources.document_errors(facts))
    assert not errors, errors[:5]
    source = timed("create_source", lambda: sources.create_source(owner=teacher, document=facts))
    report = timed("generate_set (new)", lambda: sources.generate_set(source=source))
    print(f"  {report.summary()}")
    report = timed("generate_set (nothing changed)", lambda: sources.generate_set(source=source))
    print(f"  {report.summary()}")
    facts["events"][0]["name"] = "the renamed affair"
    timed("replace_source (one event renamed)", lambda: sources.replace_source(source=source, document=facts))
    report = timed("generate_set (after the replace)", lambda: sources.generate_set(source=source))
    print(f"  {report.summary()}")
    timed("delete_source", lambda: sources.delete_source(source=source))


if __name__ == "__main__":
    main()
