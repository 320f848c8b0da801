"""Loads a validated fact source into the database, updating rows in place.

Rows are matched on their fixture ids, saved only when a field changed, and rows
the file no longer has are deleted, so loading the same file twice writes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from quizzes.models import Event, EventParticipant, Person, Place, Sentence, Side, Source, Statement


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values()))

    def summary(self) -> str:
        parts = []
        for label, counter in (
            ("created", self.created),
            ("updated", self.updated),
            ("deleted", self.deleted),
        ):
            if counter:
                parts.append(f"{label} " + ", ".join(f"{n} {name}" for name, n in sorted(counter.items())))
        return "; ".join(parts) or "no changes"


def sync_row(model, report: LoadReport, label: str, lookup: dict, values: dict, existing: dict):
    """Create the row, or update only the fields that differ; returns the row."""
    row = existing.pop(tuple(lookup.values()), None)
    if row is None:
        row = model.objects.create(**lookup, **values)
        report.created[label] += 1
        return row
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
        report.updated[label] += 1
    return row


def sync_opposed_sides(
    report: LoadReport, items: list[dict], sides: dict[str, Side], before: set[str]
) -> None:
    """Opposition is mutual: either side may list it, and both rows get it."""
    wanted = {key: set() for key in sides}
    for item in items:
        for other in item.get("opposes", []):
            wanted[item["id"]].add(other)
            wanted[other].add(item["id"])
    for key, side in sides.items():
        current = {other.key for other in side.opposes.all()}
        if current != wanted[key]:
            side.opposes.set([sides[other] for other in wanted[key]])
            if key in before:
                report.updated["sides"] += 1


def delete_rest(report: LoadReport, label: str, leftovers: dict) -> None:
    for row in leftovers.values():
        row.delete()
        report.deleted[label] += 1


def source_values(document: dict) -> dict:
    fields = document["source"]
    return {
        "slug": fields["slug"],
        "title": fields["title"],
        "description": fields.get("description", ""),
        "text": fields.get("text", ""),
    }


@transaction.atomic
def load_fact_source(document: dict, *, owner=None, into: Source | None = None) -> tuple[Source, LoadReport]:
    """Load a document the validator accepted; all or nothing.

    The source is found by its slug among `owner`'s (None: the bundled sources), so two
    teachers' sources of one slug never touch each other; or, given `into`, the document
    replaces that source's facts (its slug may change, its owner never does)."""
    report = LoadReport()
    values = source_values(document)
    if into is None:
        into = Source.objects.filter(owner=owner, slug=values["slug"]).first()
    if into is None:
        source = Source.objects.create(owner=owner, **values)
        report.created["sources"] += 1
    else:
        source = sync_row(Source, report, "sources", {"pk": into.pk}, values, {(into.pk,): into})

    def existing(model):
        return {(row.key,): row for row in model.objects.filter(source=source)}

    sides_left = existing(Side)
    sides_before = {key for (key,) in sides_left}
    sides = {
        item["id"]: sync_row(
            Side, report, "sides", {"key": item["id"]}, {"source": source, "name": item["name"]}, sides_left
        )
        for item in document["sides"]
    }
    sync_opposed_sides(report, document["sides"], sides, sides_before)
    sentences_left = existing(Sentence)
    sentences = {
        item["id"]: sync_row(
            Sentence,
            report,
            "sentences",
            {"key": item["id"]},
            {"source": source, "text": item["text"]},
            sentences_left,
        )
        for item in document["sentences"]
    }
    people_left = existing(Person)
    people = {
        item["id"]: sync_row(
            Person,
            report,
            "people",
            {"key": item["id"]},
            {
                "source": source,
                "name": item["name"],
                "aliases": item["aliases"],
                "role": item["role"],
                "side": sides[item["side"]],
                "description": item["description"],
                "sentence": sentences[item["sentence"]],
            },
            people_left,
        )
        for item in document["people"]
    }
    places_left = existing(Place)
    new_places = {item["id"] for item in document["places"]} - {key for (key,) in places_left}
    places = {}
    for item in document["places"]:
        places[item["id"]] = sync_row(
            Place,
            report,
            "places",
            {"key": item["id"]},
            {
                "source": source,
                "name": item["name"],
                "aliases": item["aliases"],
                "kind": item["kind"],
                "sentence": sentences[item["sentence"]],
            },
            places_left,
        )
    # located_in may point forward in the list, so it is set once every place exists.
    for item in document["places"]:
        place = places[item["id"]]
        parent = places.get(item["located_in"]) if item["located_in"] else None
        if place.located_in_id != (parent.pk if parent else None):
            place.located_in = parent
            place.save(update_fields=["located_in"])
            if item["id"] not in new_places:
                report.updated["places"] += 1

    events_left = existing(Event)
    participants_left = {
        (row.event.key, row.person.key): row
        for row in EventParticipant.objects.filter(event__source=source).select_related("event", "person")
    }
    events = {}
    for item in document["events"]:
        event = sync_row(
            Event,
            report,
            "events",
            {"key": item["id"]},
            {
                "source": source,
                "name": item["name"],
                "date": item["date"] or "",
                "date_end": item.get("date_end") or "",
                "other_dates": item.get("other_dates", []),
                "open_ended": item.get("open_ended", False),
                "place": places[item["place"]] if item["place"] else None,
                "sentence": sentences[item["sentence"]],
                "phrases": item.get("phrases", {}),
            },
            events_left,
        )
        events[item["id"]] = event
        for participant in item["participants"]:
            row = participants_left.pop((item["id"], participant["person"]), None)
            if row is None:
                EventParticipant.objects.create(
                    event=event, person=people[participant["person"]], role=participant["role"]
                )
                report.created["participants"] += 1
            elif row.role != participant["role"]:
                row.role = participant["role"]
                row.save(update_fields=["role"])
                report.updated["participants"] += 1
    statements_left = existing(Statement)
    for item in document.get("statements", []):
        sync_row(
            Statement,
            report,
            "statements",
            {"key": item["id"]},
            {
                "source": source,
                "kind": item["kind"],
                "event": events[item["about"]["event"]] if "event" in item["about"] else None,
                "person": people[item["about"]["person"]] if "person" in item["about"] else None,
                "question": item["question"],
                "answer": item["answer"],
                "sentence": sentences[item["sentence"]],
                "also_right": item.get("also_right", []),
                "wrong": item.get("wrong", []),
                "true_claim": item.get("true_claim", ""),
                "false_claim": item.get("false_claim", ""),
            },
            statements_left,
        )
    delete_rest(report, "statements", statements_left)
    delete_rest(report, "participants", participants_left)
    delete_rest(report, "events", events_left)
    delete_rest(report, "people", people_left)
    delete_rest(report, "places", places_left)
    delete_rest(report, "sentences", sentences_left)
    delete_rest(report, "sides", sides_left)
    return source, report
