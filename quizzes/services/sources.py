"""Fact sources, the teachers' own material: create, replace and delete them, generate their
question sets, and exclude generated questions a teacher does not want.

Each write is one transaction. A document is checked whole before anything is saved, and
every problem comes back at once in `InvalidSource.errors`, as the validator's
"path: message" lines, so the API, the pages and the admin show the same reasons.
"""

import json

from django.db import IntegrityError, transaction

from quizzes.facts.loader import load_fact_source
from quizzes.facts.validator import validate_fact_source
from quizzes.generation import sync
from quizzes.generation.sync import GenerationReport
from quizzes.models import Event, ExcludedQuestion, Person, Place, Question, QuestionSet, Source, Statement
from quizzes.services import authoring

# What one teacher's source may hold: a long book chapter fits, and generating its questions
# takes a few seconds (about 3 s at these limits, docs/performance.md: generation grows with
# the square of the source). The pages generate in the background (services.jobs), but the
# contract's API still generates within the request, and at 500 people and 1,000 events it
# took 40 s: larger sources wait for an API that is asynchronous by default.
MAX_DOCUMENT_BYTES = 2_000_000
MAX_RECORDS = {
    "sides": 60,
    "sentences": 600,
    "people": 150,
    "places": 150,
    "events": 300,
    "statements": 300,
}


class InvalidSource(Exception):
    """A document that cannot be loaded, or facts whose questions cannot be made:
    `errors` lists every problem as "path: message"."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class NotGenerated(Exception):
    """Only a generated question can be excluded; an authored one is simply deleted."""


def document_errors(document) -> list[str]:
    """Every reason `document` cannot be a teacher's source: its size and counts, then the
    rules of the format (quizzes/facts/validator.py)."""
    if not isinstance(document, dict):
        return validate_fact_source(document)
    size = len(json.dumps(document, ensure_ascii=False).encode("utf-8", errors="replace"))
    if size > MAX_DOCUMENT_BYTES:
        return [f"$: the document is {size:,} bytes of JSON; at most {MAX_DOCUMENT_BYTES:,}"]
    errors = [
        f"{name}: at most {limit:,} {name} in one source (this one has {len(document[name]):,})"
        for name, limit in MAX_RECORDS.items()
        if isinstance(document.get(name), list) and len(document[name]) > limit
    ]
    if isinstance(document.get("source"), dict) and "text_file" in document["source"]:
        errors.append('source.text_file: names a file on the server; give the text itself as "text"')
    return errors + validate_fact_source(document)


def slug_taken_error(*, owner, slug: str, other_than: Source | None = None) -> str | None:
    taken = Source.objects.filter(owner=owner, slug=slug).exclude(pk=getattr(other_than, "pk", None)).first()
    if taken is None:
        return None
    return f'source.slug: "{slug}" is already the slug of your source "{taken.title}" (id {taken.pk})'


def refuse_if_invalid(document, *, owner, source: Source | None = None) -> None:
    errors = document_errors(document)
    if not errors:
        slug = document["source"]["slug"]
        errors = [taken] if (taken := slug_taken_error(owner=owner, slug=slug, other_than=source)) else []
    if errors:
        raise InvalidSource(errors)


@transaction.atomic
def create_source(*, owner, document: dict) -> Source:
    """A new source of `owner`'s from a fact document, in their namespace of slugs: two
    teachers may both have "my-war" and never touch each other's rows."""
    refuse_if_invalid(document, owner=owner)
    fields = document["source"]
    try:
        with transaction.atomic():
            source = Source.objects.create(owner=owner, slug=fields["slug"], title=fields["title"])
    except IntegrityError:  # the same slug created at the same moment by another request
        raise InvalidSource([slug_taken_error(owner=owner, slug=fields["slug"])]) from None
    load_fact_source(document, into=source)
    source.refresh_from_db()
    return source


@transaction.atomic
def replace_source(*, source: Source, document: dict) -> Source:
    """PUT: the source now holds exactly what `document` says. Records keep their rows where
    their ids stay, so questions of unchanged facts keep their ids (and students' history)
    when the set is generated again. The owner never changes; the slug may, within the
    owner's namespace."""
    refuse_if_invalid(document, owner=source.owner, source=source)
    source = Source.objects.select_for_update().get(pk=source.pk)
    before = {"title": source.title, "description": source.description}
    try:
        with transaction.atomic():
            load_fact_source(document, into=source)
    except IntegrityError:
        raise InvalidSource(
            [slug_taken_error(owner=source.owner, slug=document["source"]["slug"], other_than=source)]
        ) from None
    source.refresh_from_db()
    # The set takes the source's new title (or description) unless its teacher gave it another.
    for name, old in before.items():
        if getattr(source, name) != old:
            QuestionSet.objects.filter(source=source, **{name: old}).update(**{name: getattr(source, name)})
    return source


@transaction.atomic
def delete_source(*, source: Source) -> None:
    """The source goes with its facts, its generated set and that set's questions. Students'
    cards on those questions, their reviews, quizzes and practice records of the set cascade
    with them: their history of this set is gone. Copies a teacher made of its questions into
    other sets stay (they lose only their links to the facts)."""
    QuestionSet.objects.filter(source=source).delete()
    # Records point at sentences and sides with PROTECT (so reloading a file never drops one
    # still in use): the records go first.
    for model in (Statement, Event, Person, Place):
        model.objects.filter(source=source).delete()
    source.delete()


@transaction.atomic
def generate_set(*, source: Source, progress=None) -> GenerationReport:
    """Build or refresh the source's question set. A teacher's set is theirs and unpublished
    when new; a bundled source's has no owner and is published, as ever. Questions of
    unchanged facts keep their ids; questions edited by hand stay exactly as they are
    (`kept_edited`); excluded ones are not made again (`excluded`).

    Facts whose questions would break the authoring rules raise InvalidSource naming them."""
    # One generation of a source at a time: a second request waits, then finds it done.
    Source.objects.select_for_update().filter(pk=source.pk).first()
    try:
        return sync.generate_questions(source=source, progress=progress)
    except sync.InvalidDraft as invalid:
        raise InvalidSource(
            [
                f"questions[{key}].{field}: {reason}"
                for key, fields in invalid.errors.items()
                for field, reasons in fields.items()
                for reason in reasons
            ]
        ) from None


@transaction.atomic
def exclude_question(*, question: Question) -> ExcludedQuestion:
    """Take a generated question out of its set for good: deleted (with its cards), and its key
    remembered so regeneration never makes it again. `include_again` undoes this."""
    if not question.generator_key:
        raise NotGenerated("Only a generated question can be excluded; delete an authored one.")
    return authoring.delete_question(question=question)


@transaction.atomic
def include_again(*, question_set: QuestionSet, generator_key: str) -> None:
    """Forget an exclusion: the next generation makes the question again (a new one: the
    cards of the excluded one went with it)."""
    ExcludedQuestion.objects.filter(question_set=question_set, generator_key=generator_key).delete()
