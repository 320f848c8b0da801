"""A teacher's document is any JSON at all: whatever is put anywhere in it, the validator
answers with problems rather than crashing, and whatever it accepts loads and generates."""

import copy

import pytest
from factories import fact_document_2

from quizzes.facts.validator import validate_fact_source
from quizzes.models import Source
from quizzes.services import sources

HOSTILE = [None, True, 0, 1.5, "", "x", [], {}, ["x"], {"x": 1}, [[]], "\x00", "\ud800", "A" * 100_000]


def paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*path, index))


def replaced(document, path, value):
    if not path:
        return value
    document = copy.deepcopy(document)
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


def mutations():
    document = fact_document_2()
    for path in paths(document):
        for value in HOSTILE:
            yield path, value, replaced(document, path, value)


ACCEPTED = [(path, value) for path, value, document in mutations() if not validate_fact_source(document)]


def test_the_validator_answers_every_mutation_with_a_list_of_problems():
    for path, value, document in mutations():
        errors = validate_fact_source(document)
        assert isinstance(errors, list), (path, value)
        assert all(isinstance(error, str) and ": " in error for error in errors), (path, value, errors)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "value"),
    # One of each kind of value accepted at each key, not every index of every list.
    list({(tuple(step for step in path if isinstance(step, str)), repr(value)): (path, value)
          for path, value in ACCEPTED}.values()),
    ids=lambda item: ".".join(map(str, item)) if isinstance(item, tuple) else repr(item)[:12],
)  # fmt: skip
def test_what_the_validator_accepts_loads_and_generates(tina, path, value):
    document = replaced(fact_document_2(), path, value)

    source = sources.create_source(owner=tina, document=document)
    report = sources.generate_set(source=source)

    assert Source.objects.get(pk=source.pk).owner == tina
    assert report.question_set.owner == tina
