"""A teacher excludes generated questions they do not want: the question goes, and no
regeneration makes it again until they include it again."""

import pytest
from factories import fact_document

from quizzes.models import ExcludedQuestion, Question
from quizzes.services import authoring, sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(tina):
    return sources.create_source(owner=tina, document=fact_document())


@pytest.fixture
def question_set(source):
    return sources.generate_set(source=source).question_set


def test_an_excluded_question_is_deleted_and_remembered_with_its_prompt(question_set):
    question = question_set.questions.get(generator_key="where-text:taking")

    exclusion = sources.exclude_question(question=question)

    assert not Question.objects.filter(pk=question.pk).exists()
    assert (exclusion.question_set, exclusion.generator_key, exclusion.prompt) == (
        question_set,
        "where-text:taking",
        question.prompt,
    )


def test_regeneration_never_makes_an_excluded_question_again(source, question_set):
    total = question_set.questions.count()
    sources.exclude_question(question=question_set.questions.get(generator_key="where-text:taking"))

    report = sources.generate_set(source=source)
    again = sources.generate_set(source=source)

    assert (report.created, report.excluded) == (0, 1)
    assert (again.created, again.excluded) == (0, 1)
    assert question_set.questions.count() == total - 1
    assert not question_set.questions.filter(generator_key="where-text:taking").exists()


def test_including_it_again_brings_it_back_at_the_next_generation(source, question_set):
    sources.exclude_question(question=question_set.questions.get(generator_key="where-text:taking"))

    sources.include_again(question_set=question_set, generator_key="where-text:taking")
    report = sources.generate_set(source=source)

    assert (report.created, report.excluded) == (1, 0)
    assert question_set.questions.filter(generator_key="where-text:taking").exists()
    assert not ExcludedQuestion.objects.exists()


def test_an_exclusion_outlives_a_replaced_document(source, question_set):
    sources.exclude_question(question=question_set.questions.get(generator_key="where-text:taking"))
    document = fact_document()
    document["events"][0]["name"] = "the capture of a northern city"

    sources.replace_source(source=source, document=document)
    report = sources.generate_set(source=source)

    assert report.excluded == 1
    assert not question_set.questions.filter(generator_key="where-text:taking").exists()


def test_an_authored_question_is_not_excluded_but_refused(tina, question_set):
    authored = authoring.create_question(
        question_set=question_set,
        fields={"kind": "other", "type": "true_false", "prompt": "Was it a small war?", "answer": True},
    )

    with pytest.raises(sources.NotGenerated):
        sources.exclude_question(question=authored)

    assert Question.objects.filter(pk=authored.pk).exists()


def test_deleting_a_generated_question_excludes_it_too(source, question_set):
    """However it is deleted (the API's DELETE, the pages), a generated question stays gone."""
    authoring.delete_question(question=question_set.questions.get(generator_key="where-text:taking"))

    report = sources.generate_set(source=source)

    assert report.excluded == 1
    assert ExcludedQuestion.objects.filter(generator_key="where-text:taking").exists()
