"""Writes a loaded source back as a fact document (fixtures/README.md), the loader's inverse.

`load_fact_source(document_of(source), into=source)` changes nothing, so a teacher can
download their source, edit it and upload it again without losing a question's history.
Optional keys are written only when they hold something; opposition, which is mutual, is
written once, on the side that comes first; lists keep the order their records were loaded in.
"""

from django.db.models import Prefetch

from quizzes.models import EventParticipant, Source


def document_of(source: Source) -> dict:
    """The source's facts as a document the validator accepts: format 2 when it has
    statements or phrases, else 1; `source.text` when a text is stored. Eight queries."""
    sides = list(source.sides.order_by("pk").prefetch_related("opposes"))
    events = list(
        source.events.order_by("pk")
        .select_related("place", "sentence")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=EventParticipant.objects.select_related("person").order_by("pk"),
            )
        )
    )
    statements = list(source.statements.order_by("pk").select_related("event", "person", "sentence"))
    uses_format_2 = bool(statements) or any(event.phrases for event in events)

    document = {
        "format": 2 if uses_format_2 else 1,
        "source": source_fields(source),
        "sides": sides_of(sides),
        "sentences": [
            {"id": sentence.key, "text": sentence.text} for sentence in source.sentences.order_by("pk")
        ],
        "people": [
            {
                "id": person.key,
                "name": person.name,
                "aliases": person.aliases,
                "role": person.role,
                "side": person.side.key,
                "description": person.description,
                "sentence": person.sentence.key,
            }
            for person in source.people.order_by("pk").select_related("side", "sentence")
        ],
        "places": [
            {
                "id": place.key,
                "name": place.name,
                "aliases": place.aliases,
                "kind": place.kind,
                "located_in": place.located_in.key if place.located_in else None,
                "sentence": place.sentence.key,
            }
            for place in source.places.order_by("pk").select_related("located_in", "sentence")
        ],
        "events": [event_of(event) for event in events],
    }
    if uses_format_2:
        document["statements"] = [statement_of(statement) for statement in statements]
    return document


def source_fields(source: Source) -> dict:
    fields = {"slug": source.slug, "title": source.title, "description": source.description}
    if source.text:
        fields["text"] = source.text
    return fields


def sides_of(sides: list) -> list[dict]:
    written, items = set(), []
    for side in sides:
        item = {"id": side.key, "name": side.name}
        opposes = [
            other.key
            for other in sorted(side.opposes.all(), key=lambda other: other.pk)
            if frozenset((side.pk, other.pk)) not in written
        ]
        written.update(frozenset((side.pk, other.pk)) for other in side.opposes.all())
        if opposes:
            item["opposes"] = opposes
        items.append(item)
    return items


def event_of(event) -> dict:
    item = {
        "id": event.key,
        "name": event.name,
        "date": event.date or None,
    }
    if event.date_end:
        item["date_end"] = event.date_end
    if event.other_dates:
        item["other_dates"] = event.other_dates
    if event.open_ended:
        item["open_ended"] = True
    item["place"] = event.place.key if event.place else None
    item["participants"] = [
        {"person": participant.person.key, "role": participant.role}
        for participant in event.participants.all()
    ]
    item["sentence"] = event.sentence.key
    if event.phrases:
        item["phrases"] = event.phrases
    return item


def statement_of(statement) -> dict:
    item = {
        "id": statement.key,
        "about": {"event": statement.event.key} if statement.event else {"person": statement.person.key},
        "kind": statement.kind,
        "question": statement.question,
        "answer": statement.answer,
        "sentence": statement.sentence.key,
    }
    for name in ("also_right", "wrong", "true_claim", "false_claim"):
        if value := getattr(statement, name):
            item[name] = value
    return item
