"""The admin panel and teachers' sources: who owns a source and what it holds, and generated
questions edited or deleted in the panel as through the API (kept, or excluded, for good)."""

import json

import pytest
from django.urls import reverse
from factories import fact_document

from accounts.models import User
from quizzes.facts.loader import load_fact_source
from quizzes.models import ExcludedQuestion, Person, Question, QuestionSet, Source
from quizzes.services import sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(client):
    user = User.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def tinas_source(tina):
    source = sources.create_source(owner=tina, document=fact_document())
    sources.generate_set(source=source)
    return source


@pytest.fixture
def generated(tinas_source):
    return Question.objects.filter(question_set__source=tinas_source, type="choice").order_by("pk").first()


def change_form(question, **changes) -> dict:
    """The change form's POST for a question, its choices inline (accepted answers untouched)."""
    choices = list(question.choices.all())
    form = {
        "question_set": question.question_set_id, "kind": question.kind, "type": question.type,
        "prompt": question.prompt, "answer": json.dumps(question.answer), "explanation": question.explanation,
        "choices-TOTAL_FORMS": len(choices), "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 0, "choices-MAX_NUM_FORMS": 1000,
        "accepted_answers-TOTAL_FORMS": 0, "accepted_answers-INITIAL_FORMS": 0,
        "accepted_answers-MIN_NUM_FORMS": 0, "accepted_answers-MAX_NUM_FORMS": 1000,
        "source_sentence": question.source_sentence_id or "", "event": question.event_id or "",
        "person": question.person_id or "", "place": question.place_id or "",
    }  # fmt: skip
    for number, choice in enumerate(choices):
        prefix = f"choices-{number}-"
        form.update({f"{prefix}id": choice.pk, f"{prefix}question": question.pk,
                     f"{prefix}text": choice.text, f"{prefix}position": choice.position})  # fmt: skip
    form.update(changes)
    return form


def test_the_sources_list_shows_owners_and_counts(boss, tinas_source):
    load_fact_source(fact_document())

    page = boss.get(reverse("admin:quizzes_source_changelist"))
    teachers = boss.get(reverse("admin:quizzes_source_changelist"), {"owned": "teachers"})

    assert page.status_code == 200
    assert b"tina" in page.content and b"(bundled)" in page.content
    [row] = teachers.context["cl"].result_list
    assert (row, row.people_count, row.events_count) == (tinas_source, 7, 6)


def test_a_generated_question_says_on_its_form_what_regeneration_does(boss, generated):
    url = reverse("admin:quizzes_question_change", args=[generated.pk])

    assert b"Generated: edit it and regeneration will leave it alone." in boss.get(url).content
    Question.objects.filter(pk=generated.pk).update(edited=True)
    assert b"Edited by hand: regeneration leaves this question alone." in boss.get(url).content


def test_editing_a_generated_question_in_the_panel_marks_it_edited_and_regeneration_keeps_it(
    boss, tinas_source, generated
):
    url = reverse("admin:quizzes_question_change", args=[generated.pk])

    response = boss.post(url, change_form(generated, prompt="Asked my own way?"))
    report = sources.generate_set(source=tinas_source)

    generated.refresh_from_db()
    assert response.status_code == 302
    assert generated.edited and generated.prompt == "Asked my own way?"
    assert report.kept_edited == 1


def test_changing_only_a_choice_in_the_panel_marks_it_edited(boss, generated):
    wrong = next(choice for choice in generated.choices.all() if choice.text != generated.answer)
    index = list(generated.choices.all()).index(wrong)
    url = reverse("admin:quizzes_question_change", args=[generated.pk])

    boss.post(url, change_form(generated, **{f"choices-{index}-text": "A wrong answer of my own"}))

    generated.refresh_from_db()
    assert generated.edited


def test_saving_a_generated_question_unchanged_in_the_panel_leaves_it_generated(boss, generated):
    url = reverse("admin:quizzes_question_change", args=[generated.pk])

    response = boss.post(url, change_form(generated))

    generated.refresh_from_db()
    assert response.status_code == 302 and not generated.edited


def test_deleting_a_generated_question_in_the_panel_excludes_it(boss, tinas_source, generated):
    boss.post(reverse("admin:quizzes_question_delete", args=[generated.pk]), {"post": "yes"})

    report = sources.generate_set(source=tinas_source)

    assert not Question.objects.filter(pk=generated.pk).exists()
    assert ExcludedQuestion.objects.filter(generator_key=generated.generator_key).exists()
    assert report.excluded == 1


def test_deleting_a_source_in_the_panel_takes_its_facts_and_set(boss, tinas_source):
    set_id = QuestionSet.objects.get(source=tinas_source).pk

    response = boss.post(reverse("admin:quizzes_source_delete", args=[tinas_source.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Source.objects.exists() and not Person.objects.exists()
    assert not QuestionSet.objects.filter(pk=set_id).exists()
