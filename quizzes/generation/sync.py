"""Saves generated drafts so that re-generating is idempotent.

A question is found again by its generator key; it is rewritten only when what it
shows changed, so unchanged questions keep their rows (and the study history that
points at them) and their `updated_at`.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from quizzes.generation.factbase import FactBase
from quizzes.generation.question_templates import QuestionDraft, QuestionTemplates
from quizzes.models import Question, QuestionSet, Source
from quizzes.services.authoring import insert_questions, question_errors, write_options

# What a generated question holds: its content and where it comes from.
CONTENT_FIELDS = (*Question.CONTENT_FIELDS, *Question.FACT_FIELDS)


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
        "items": draft.items,
        "answer": draft.answer,
        "explanation": draft.explanation,
        "source_sentence_id": draft.sentence.pk,
        "event_id": draft.event.pk if draft.event else None,
        "person_id": draft.person.pk if draft.person else None,
        "place_id": draft.place.pk if draft.place else None,
        "statement_id": draft.statement.pk if draft.statement else None,
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


class InvalidDraft(Exception):
    """A generated question that breaks the authoring rules: a fault in the templates or
    the facts, never saved."""


def draft_errors(draft: QuestionDraft) -> dict[str, list[str]]:
    return question_errors(
        {
            "kind": draft.kind,
            "type": draft.type,
            "prompt": draft.prompt,
            "answer": draft.answer,
            "items": draft.items,
            "choices": draft.choices,
            "accepted_answers": draft.accepted_answers,
            "explanation": draft.explanation,
        }
    )


@transaction.atomic
def generate_questions(*, source: Source, progress=None) -> GenerationReport:
    """Build or refresh the published question set of `source`, in bulk: the same handful
    of statements for 10 questions or 1,000. Every draft passes the rules an authored
    question passes (services.authoring.question_errors) before anything is written."""
    question_set = question_set_for(source)
    # New questions are created in a scrambled but fixed order, so that a learner meeting
    # them by id does not get the same fact asked three ways in a row.
    drafts = sorted(
        QuestionTemplates(FactBase(source)).all_drafts(),
        key=lambda draft: hashlib.sha256(draft.key.encode()).hexdigest(),
    )
    if broken := {draft.key: errors for draft in drafts if (errors := draft_errors(draft))}:
        raise InvalidDraft(f"Generated questions break the authoring rules: {broken}")
    report = GenerationReport(question_set=question_set)
    existing = {
        question.generator_key: question
        for question in question_set.questions.exclude(generator_key="").prefetch_related(
            "choices", "accepted_answers"
        )
    }
    new, changed, options_changed = [], [], []
    for number, draft in enumerate(drafts, start=1):
        report.by_kind_and_type[(draft.kind, draft.type)] += 1
        values = draft_fields(draft)
        question = existing.pop(draft.key, None)
        if question is None:
            question = Question(question_set=question_set, generator_key=draft.key, **values)
            new.append((question, draft.choices, draft.accepted_answers))
            continue
        fields_differ = [name for name in CONTENT_FIELDS if getattr(question, name) != values[name]]
        options_differ = [c.text for c in question.choices.all()] != draft.choices or [
            a.text for a in question.accepted_answers.all()
        ] != draft.accepted_answers
        if fields_differ:
            for name in fields_differ:
                setattr(question, name, values[name])
            changed.append(question)
        if options_differ:
            options_changed.append((question, draft.choices, draft.accepted_answers))
        if not (fields_differ or options_differ):
            report.unchanged += 1
        if progress and number % 100 == 0:
            progress(number, len(drafts))
    insert_questions(new)
    now = timezone.now()
    for question in changed:
        question.updated_at = now
    Question.objects.bulk_update(changed, [*CONTENT_FIELDS, "updated_at"], batch_size=500)
    write_options(options_changed)
    Question.objects.filter(pk__in=[question.pk for question in existing.values()]).delete()
    report.created = len(new)
    report.updated = len(
        {question.pk for question in changed} | {question.pk for question, _, _ in options_changed}
    )
    report.deleted = len(existing)
    if progress:
        progress(len(drafts), len(drafts))
    return report
