"""Saves generated drafts so that re-generating is idempotent.

A question is found again by its generator key; it is rewritten only when what it
shows changed, so unchanged questions keep their rows (and the study history that
points at them) and their `updated_at`.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from quizzes.generation.factbase import FactBase
from quizzes.generation.templates import QuestionDraft, QuestionTemplates
from quizzes.models import Question, QuestionSet, Source
from quizzes.services.authoring import write_options

CONTENT_FIELDS = (
    "kind",
    "type",
    "prompt",
    "answer",
    "explanation",
    "source_sentence_id",
    "event_id",
    "person_id",
    "place_id",
)


@dataclass
class GenerationReport:
    question_set: QuestionSet
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    by_kind_and_type: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        return (
            f"{self.question_set.title}: {sum(self.by_kind_and_type.values())} questions "
            f"({self.created} created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged)"
        )


def draft_fields(draft: QuestionDraft) -> dict:
    return {
        "kind": draft.kind,
        "type": draft.type,
        "prompt": draft.prompt,
        "answer": draft.answer,
        "explanation": draft.explanation,
        "source_sentence_id": draft.sentence.pk,
        "event_id": draft.event.pk if draft.event else None,
        "person_id": draft.person.pk if draft.person else None,
        "place_id": draft.place.pk if draft.place else None,
    }


def question_set_for(source: Source) -> QuestionSet:
    question_set, _ = QuestionSet.objects.get_or_create(
        source=source,
        defaults={"title": source.title, "description": source.description, "is_published": True},
    )
    changed = [
        name
        for name, value in (("title", source.title), ("description", source.description))
        if getattr(question_set, name) != value
    ]
    for name in changed:
        setattr(question_set, name, getattr(source, name))
    if changed:
        question_set.save(update_fields=[*changed, "updated_at"])
    return question_set


@transaction.atomic
def generate_questions(*, source: Source, progress=None) -> GenerationReport:
    """Build or refresh the published question set of `source`."""
    question_set = question_set_for(source)
    # New questions are created in a scrambled but fixed order, so that a learner meeting
    # them by id does not get the same fact asked three ways in a row.
    drafts = sorted(
        QuestionTemplates(FactBase(source)).all_drafts(),
        key=lambda draft: hashlib.sha256(draft.key.encode()).hexdigest(),
    )
    report = GenerationReport(question_set=question_set)
    existing = {
        question.generator_key: question
        for question in question_set.questions.exclude(generator_key="").prefetch_related(
            "choices", "accepted_answers"
        )
    }
    for number, draft in enumerate(drafts, start=1):
        report.by_kind_and_type[(draft.kind, draft.type)] += 1
        values = draft_fields(draft)
        question = existing.pop(draft.key, None)
        if question is None:
            question = Question.objects.create(question_set=question_set, generator_key=draft.key, **values)
            write_options(question, choices=draft.choices, accepted_answers=draft.accepted_answers)
            report.created += 1
        else:
            changed = [name for name in CONTENT_FIELDS if getattr(question, name) != values[name]]
            options_changed = [c.text for c in question.choices.all()] != draft.choices or [
                a.text for a in question.accepted_answers.all()
            ] != draft.accepted_answers
            if changed or options_changed:
                for name in changed:
                    setattr(question, name, values[name])
                question.save()
                if options_changed:
                    write_options(question, choices=draft.choices, accepted_answers=draft.accepted_answers)
                report.updated += 1
            else:
                report.unchanged += 1
        if progress and (number % 100 == 0 or number == len(drafts)):
            progress(number, len(drafts))
    for question in existing.values():
        question.delete()
        report.deleted += 1
    return report
