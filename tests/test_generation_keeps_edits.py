"""A generated question a person edited is theirs: regeneration leaves it exactly as it is,
even when the facts it came from change or go, and says how many it kept."""

import pytest
from factories import fact_document

from quizzes.models import Question
from quizzes.services import authoring, sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(tina):
    return sources.create_source(owner=tina, document=fact_document())


@pytest.fixture
def question_set(source):
    return sources.generate_set(source=source).question_set


def edit(question_set, key: str, **changes) -> Question:
    question = question_set.questions.get(generator_key=key)
    return authoring.update_question(question=question, changes=changes)


def test_editing_a_generated_question_marks_it_edited(question_set):
    question = edit(question_set, "where-text:taking", prompt="Which city did the Reds take in 1909?")

    question.refresh_from_db()
    assert question.edited and question.generator_key == "where-text:taking"


def test_saving_a_generated_question_unchanged_does_not_mark_it(question_set):
    question = question_set.questions.get(generator_key="where-text:taking")

    authoring.update_question(question=question, changes={"prompt": question.prompt})

    question.refresh_from_db()
    assert not question.edited


def test_regeneration_leaves_an_edited_question_exactly_as_it_is(source, question_set):
    question = edit(
        question_set,
        "where-text:taking",
        prompt="Which city did the Reds take in 1909?",
        accepted_answers=["Nordtown", "North Town"],
        explanation="My own words.",
    )
    before = Question.objects.with_options().get(pk=question.pk).content()
    document = fact_document()
    document["places"][1]["aliases"] = ["Nordtown", "Northern Town"]  # its facts change too
    sources.replace_source(source=source, document=document)

    report = sources.generate_set(source=source)

    assert report.kept_edited == 1
    assert Question.objects.with_options().get(pk=question.pk).content() == before


def test_an_edited_question_whose_facts_are_gone_is_kept(source, question_set):
    question = edit(question_set, "where-text:taking", explanation="Kept, whatever the facts say.")
    document = fact_document()
    document["events"] = [event for event in document["events"] if event["id"] != "taking"]
    sources.replace_source(source=source, document=document)

    report = sources.generate_set(source=source)

    assert report.kept_edited == 1 and report.deleted > 0
    assert Question.objects.get(pk=question.pk).explanation == "Kept, whatever the facts say."
    assert not question_set.questions.filter(generator_key__endswith=":taking", edited=False).exists()


def test_ids_are_kept_across_regeneration_after_an_edit_of_an_unrelated_fact(source, question_set):
    ids = dict(question_set.questions.values_list("generator_key", "pk"))
    document = fact_document()
    treaty = next(event for event in document["events"] if event["id"] == "treaty")
    treaty["name"] = "the coastal peace treaty"
    sources.replace_source(source=source, document=document)

    report = sources.generate_set(source=source)

    after = dict(question_set.questions.values_list("generator_key", "pk"))
    untouched = [key for key in ids if "treaty" not in key and key in after]
    assert report.updated > 0 and report.unchanged > len(ids) // 2
    assert all(after[key] == ids[key] for key in untouched)
    assert len(untouched) >= report.unchanged


def test_a_teachers_set_is_theirs_and_unpublished_when_new(tina, alice, tom, source):
    question_set = sources.generate_set(source=source).question_set

    assert (question_set.owner, question_set.is_published) == (tina, False)
    assert question_set.is_editable_by(tina) and not question_set.is_editable_by(tom)
    assert not type(question_set).objects.visible_to(alice).filter(pk=question_set.pk).exists()


def test_publishing_it_is_not_undone_by_regeneration(tina, source, question_set):
    authoring.set_published(question_set=question_set, is_published=True)

    sources.generate_set(source=source)

    question_set.refresh_from_db()
    assert question_set.is_published and question_set.owner == tina
