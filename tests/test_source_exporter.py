"""A loaded source written back as a fact document is the document it was loaded from, and
loading it again changes nothing: a teacher can download, edit and upload their source."""

import json
from pathlib import Path

import pytest
from factories import fact_document, fact_document_2, make_user

from quizzes.facts.exporter import document_of
from quizzes.facts.loader import load_fact_source
from quizzes.facts.validator import validate_fact_source
from quizzes.services import sources

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    ROOT / "fixtures" / "persian_constitutional_revolution.json",
    ROOT / "tests" / "fixtures" / "hanseatic_league.json",
]


def comparable(document: dict) -> dict:
    """The document as its meaning: without `text_file` (a path beside the file, not a fact),
    and with opposition as the set of opposed pairs (it is mutual, so a file may list it on
    either side or both)."""
    document = json.loads(json.dumps(document))
    document["source"].pop("text_file", None)
    pairs = set()
    for side in document["sides"]:
        pairs |= {frozenset((side["id"], other)) for other in side.pop("opposes", [])}
    document["opposed"] = sorted(sorted(pair) for pair in pairs)
    return document


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_an_exported_source_is_the_document_it_was_loaded_from(path):
    original = json.loads(path.read_text(encoding="utf-8"))
    source, _ = load_fact_source(original)

    exported = document_of(source)

    assert validate_fact_source(exported) == []
    assert comparable(exported) == comparable(original)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_loading_an_exported_source_again_changes_nothing(path):
    source, _ = load_fact_source(json.loads(path.read_text(encoding="utf-8")))

    _, report = load_fact_source(document_of(source), into=source)

    assert not report.changed, report.summary()


def test_a_source_without_statements_or_phrases_is_written_in_format_1():
    source, _ = load_fact_source(fact_document())

    exported = document_of(source)

    assert exported["format"] == 1 and "statements" not in exported
    assert comparable(exported) == comparable(fact_document())


def test_a_teachers_source_is_written_with_its_text():
    document = fact_document_2()
    document["source"]["text"] = "On 20 April 1909 the Reds under Anna Ivanova took Northtown. …"
    source = sources.create_source(owner=make_user("tina", role="teacher"), document=document)

    exported = document_of(source)

    assert exported["format"] == 2
    assert exported["source"]["text"] == document["source"]["text"]
    assert comparable(exported) == comparable(document)


def test_writing_a_source_takes_the_same_queries_however_large(django_assert_num_queries):
    small, _ = load_fact_source(fact_document())
    large, _ = load_fact_source(json.loads(FILES[0].read_text(encoding="utf-8")))

    with django_assert_num_queries(8):
        document_of(small)
    with django_assert_num_queries(8):
        document_of(large)
