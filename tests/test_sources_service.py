"""services.sources: a teacher's source is created, replaced and deleted whole, in their own
namespace of slugs, and a document with any problem saves nothing."""

import json
from pathlib import Path

import pytest
from django.db import IntegrityError
from factories import fact_document, make_user

from quizzes.facts.loader import load_fact_source
from quizzes.models import Card, Event, Person, Question, QuestionSet, Sentence, Source
from quizzes.services import sources
from quizzes.services.study import introduce_card

pytestmark = pytest.mark.django_db

BUNDLED = Path(__file__).resolve().parent.parent / "fixtures" / "persian_constitutional_revolution.json"


def my_war(**source_changes) -> dict:
    document = fact_document()
    document["source"] = {**document["source"], "slug": "my-war", **source_changes}
    return document


def test_a_source_is_created_in_its_owners_name_with_its_text(tina):
    source = sources.create_source(owner=tina, document=my_war(text="The whole text."))

    assert (source.owner, source.slug, source.text) == (tina, "my-war", "The whole text.")
    assert source.people.count() == len(fact_document()["people"])


def test_two_teachers_with_the_same_slug_never_touch_each_others_rows(tina, tom):
    tinas = sources.create_source(owner=tina, document=my_war(title="Tina's war"))
    toms = sources.create_source(owner=tom, document=my_war(title="Tom's war"))
    tinas_people = set(tinas.people.values_list("pk", flat=True))

    changed = my_war(title="Tom's war, revised")
    changed["people"][0]["name"] = "Anna Revised"
    sources.replace_source(source=toms, document=changed)
    sources.delete_source(source=toms)

    tinas.refresh_from_db()
    assert tinas.title == "Tina's war"
    assert set(tinas.people.values_list("pk", flat=True)) == tinas_people
    assert Person.objects.get(source=tinas, key="anna").name == "Anna Ivanova"


def test_a_teachers_slug_may_be_a_bundled_one_and_load_facts_keeps_to_the_bundled(tina):
    bundled_document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    teachers = sources.create_source(owner=tina, document=my_war(slug=bundled_document["source"]["slug"]))

    bundled, _ = load_fact_source(bundled_document)

    assert bundled.pk != teachers.pk and bundled.owner is None
    assert Source.objects.filter(slug=bundled.slug).count() == 2
    assert teachers.people.count() == len(fact_document()["people"])


def test_the_database_allows_one_source_per_slug_and_owner_bundled_ones_included(tina):
    Source.objects.create(slug="one", title="Bundled")
    Source.objects.create(slug="one", title="Tina's", owner=tina)

    with pytest.raises(IntegrityError):
        Source.objects.create(slug="one", title="Bundled again")


def test_creating_a_second_source_of_the_same_slug_is_refused(tina):
    first = sources.create_source(owner=tina, document=my_war())

    with pytest.raises(sources.InvalidSource) as refused:
        sources.create_source(owner=tina, document=my_war(title="Another"))

    assert refused.value.errors == [
        f'source.slug: "my-war" is already the slug of your source "A small war" (id {first.pk})'
    ]
    assert Source.objects.count() == 1


def test_an_invalid_document_lists_every_problem_by_path_and_saves_nothing(tina):
    document = my_war()
    document["people"][3]["side"] = "rusia"
    document["events"][0]["date"] = "1909-02-31"

    with pytest.raises(sources.InvalidSource) as refused:
        sources.create_source(owner=tina, document=document)

    assert 'people[3].side: "rusia" is not a side id' in refused.value.errors
    assert any(error.startswith("events[0].date: ") for error in refused.value.errors)
    assert not Source.objects.exists() and not Sentence.objects.exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (
            lambda d: d["people"].extend({**d["people"][0], "id": f"p{n}", "name": f"P {n}", "aliases": []}
                                         for n in range(150)),
            "people: at most 150 people in one source (this one has 157)",
        ),
        (lambda d: d["source"].update(text="x" * 200_001), "source.text: at most 200,000 characters"),
        (lambda d: d["people"][0].update(name="A" * 201), "people[0].name: at most 200 characters"),
        (lambda d: d["source"].update(text_file="/etc/passwd"), "source.text_file: names a file"),
        (lambda d: d["sentences"][0].update(text="x\x00y"), "sentences[0].text: contains a NUL character"),
    ],
    ids=["people", "text", "name", "text_file", "nul"],
)  # fmt: skip
def test_limits_are_problems_with_their_paths(tina, change, error):
    document = my_war()
    change(document)

    with pytest.raises(sources.InvalidSource) as refused:
        sources.create_source(owner=tina, document=document)

    assert any(found.startswith(error) for found in refused.value.errors), refused.value.errors
    assert not Source.objects.exists()


def test_a_document_over_two_megabytes_is_refused_before_it_is_read(tina):
    document = my_war(description="x" * 2_000_000)

    with pytest.raises(sources.InvalidSource) as refused:
        sources.create_source(owner=tina, document=document)

    [error] = refused.value.errors
    assert error.startswith("$: the document is 2,00") and error.endswith("at most 2,000,000")


def test_replacing_keeps_the_rows_of_unchanged_facts_and_the_owner(tina):
    source = sources.create_source(owner=tina, document=my_war())
    anna, taking = Person.objects.get(key="anna"), Event.objects.get(key="taking")
    document = my_war(slug="my-renamed-war")
    document["events"] = [event for event in document["events"] if event["id"] != "treaty"]

    replaced = sources.replace_source(source=source, document=document)

    assert (replaced.pk, replaced.owner, replaced.slug) == (source.pk, tina, "my-renamed-war")
    assert Person.objects.get(key="anna").pk == anna.pk and Event.objects.get(key="taking").pk == taking.pk
    assert not Event.objects.filter(key="treaty").exists()


def test_replacing_with_the_slug_of_another_of_ones_sources_is_refused(tina):
    sources.create_source(owner=tina, document=my_war(slug="first"))
    second = sources.create_source(owner=tina, document=my_war(slug="second", title="Second"))

    with pytest.raises(sources.InvalidSource) as refused:
        sources.replace_source(source=second, document=my_war(slug="first"))

    assert refused.value.errors[0].startswith('source.slug: "first" is already the slug of your source')
    second.refresh_from_db()
    assert (second.slug, second.title) == ("second", "Second")


def test_deleting_a_source_takes_its_set_questions_and_students_cards(tina, alice):
    source = sources.create_source(owner=tina, document=my_war())
    question_set = sources.generate_set(source=source).question_set
    introduce_card(user=alice, question=question_set.questions.first(), now=question_set.created_at)

    sources.delete_source(source=source)

    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()
    assert not Question.objects.exists() and not Card.objects.exists() and not Person.objects.exists()


def test_sources_are_editable_by_their_owner_and_admins_only(tina, tom, alice, ada):
    tinas = sources.create_source(owner=tina, document=my_war())
    bundled, _ = load_fact_source(fact_document())

    assert list(Source.objects.editable_by(tina)) == [tinas]
    assert list(Source.objects.editable_by(tom)) == []
    assert list(Source.objects.editable_by(alice)) == []
    assert set(Source.objects.editable_by(ada)) == {tinas, bundled}


def test_a_student_owning_a_source_by_some_accident_still_sees_none():
    student = make_user("sam")
    Source.objects.create(owner=student, slug="x", title="X")

    assert not Source.objects.editable_by(student).exists()


def test_a_set_renamed_by_its_teacher_keeps_its_name_and_a_renamed_source_renames_its_set(tina):
    from quizzes.services import authoring

    source = sources.create_source(owner=tina, document=fact_document())
    question_set = sources.generate_set(source=source).question_set
    authoring.update_set(question_set=question_set, changes={"title": "My class's war"})
    sources.generate_set(source=source)
    question_set.refresh_from_db()
    assert question_set.title == "My class's war"  # regeneration leaves the teacher's title

    renamed = fact_document()
    renamed["source"]["title"] = "The small war, revised"
    sources.replace_source(source=source, document=renamed)
    question_set.refresh_from_db()
    assert question_set.title == "My class's war"  # still the teacher's own

    authoring.update_set(question_set=question_set, changes={"title": "The small war, revised"})
    again = fact_document()
    again["source"]["title"] = "The small war, third edition"
    sources.replace_source(source=source, document=again)
    question_set.refresh_from_db()
    assert question_set.title == "The small war, third edition"  # it followed its source's title
