import datetime as dt
import io
import json
import sqlite3
import zipfile

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from django.utils import timezone
from factories import fact_document, generated_set

from quizzes.models import Question
from quizzes.transfer import export_question_set

pytestmark = pytest.mark.django_db

FIELDS = ["Prompt", "Choices", "Answer", "Explanation", "Source"]


@pytest.fixture
def collection(tmp_path):
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield collection
    collection.close()


def import_into_anki(collection: Collection, content: bytes, tmp_path) -> None:
    """As Anki's import dialog does by default: notes that are newer update those of the same guid."""
    package = tmp_path / "export.apkg"
    package.write_bytes(content)
    if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions(update_notes=if_newer)
    )
    collection.import_anki_package(request)


def note_by_prompt(collection: Collection, prompt: str):
    notes = [collection.get_note(note_id) for note_id in collection.find_notes("")]
    return next((note for note in notes if note["Prompt"] == prompt), None)


def package_ids(content: bytes, tmp_path) -> tuple[list[int], list[int], list[str]]:
    """(deck ids, note type ids, note guids), read from the SQLite collection inside the zip."""
    database_path = tmp_path / "inside.anki2"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        database_path.write_bytes(package.read("collection.anki2"))
    database = sqlite3.connect(database_path)
    try:
        decks, models = database.execute("select decks, models from col").fetchone()
        guids = [guid for (guid,) in database.execute("select guid from notes order by guid")]
    finally:
        database.close()
    return sorted(int(key) for key in json.loads(decks)), [int(key) for key in json.loads(models)], guids


def test_the_package_opens_in_anki_with_one_note_per_question(collection, tmp_path):
    question_set = generated_set()

    exported = export_question_set(question_set, format="apkg")
    import_into_anki(collection, exported.content, tmp_path)

    assert exported.filename == "a-small-war.apkg"
    assert collection.note_count() == question_set.questions.count()
    assert "A small war" in [deck.name for deck in collection.decks.all_names_and_ids()]
    note = note_by_prompt(collection, "Who commanded the taking of a northern city?")
    assert list(note.keys()) == FIELDS
    assert note["Source"] == "On 20 April 1909 the Reds under Anna Ivanova took Northtown."


def test_fields_are_html_escaped_and_accepted_answers_shown(collection, tmp_path):
    question_set = generated_set()
    question = question_set.questions.get(type="text", prompt="Who commanded the taking of a northern city?")
    question.prompt = "Who commanded <b>the</b> taking & holding?"
    question.save()

    import_into_anki(collection, export_question_set(question_set, format="apkg").content, tmp_path)

    note = note_by_prompt(collection, "Who commanded &lt;b&gt;the&lt;/b&gt; taking &amp; holding?")
    assert note["Answer"].startswith("Anna Ivanova<div")
    assert "Анна Иванова" in note["Answer"]


def test_importing_a_newer_export_updates_the_notes_instead_of_adding_copies(collection, tmp_path):
    question_set = generated_set()
    import_into_anki(collection, export_question_set(question_set, format="apkg").content, tmp_path)
    an_hour_later = timezone.now() + dt.timedelta(hours=1)
    edited = question_set.questions.filter(type="text").order_by("pk").first()
    Question.objects.filter(pk=edited.pk).update(
        prompt="Which town did the Blues march on?", updated_at=an_hour_later
    )

    import_into_anki(collection, export_question_set(question_set, format="apkg").content, tmp_path)

    assert collection.note_count() == question_set.questions.count()
    assert note_by_prompt(collection, "Which town did the Blues march on?")


def test_deck_note_type_and_note_ids_are_the_same_in_every_export_of_a_set(tmp_path):
    first_set = generated_set()
    other_set = generated_set(fact_document(source={"slug": "other", "title": "Other", "description": ""}))

    first = package_ids(export_question_set(first_set, format="apkg").content, tmp_path)
    again = package_ids(export_question_set(first_set, format="apkg").content, tmp_path)
    other = package_ids(export_question_set(other_set, format="apkg").content, tmp_path)

    assert first == again
    first_decks, other_decks = set(first[0]) - {1}, set(other[0]) - {1}  # 1 is Anki's "Default"
    assert len(first_decks) == 1 and first_decks != other_decks
    assert first[1] != other[1]
    assert len(set(first[2])) == first_set.questions.count()
    assert not set(first[2]) & set(other[2])
