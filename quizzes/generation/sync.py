"""Saves generated drafts so that re-generating is idempotent.

A question is found again by its generator key; it is rewritten only when what it
shows changed, so unchanged questions keep their rows (and the study history that
points at them) and their `updated_at`. What a person decided stays decided: a question
edited by hand (`Question.edited`) is left exactly as it is, even when its facts are gone,
and an excluded key (`ExcludedQuestion`) is never made again.
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
    # Edited by hand, so left as they are (whether or not their facts still make them).
    kept_edited: int = 0
    # Questions the facts make but the set's owner excluded, so not made.
    excluded: int = 0
    by_kind_and_type: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """One line; what people decided (edits, exclusions) only when there is any."""
        decided = "".join(
            f", {count} {label}"
            for count, label in ((self.kept_edited, "kept as edited by hand"), (self.excluded, "excluded"))
            if count
        )
        return (
            f"{self.question_set.title}: {sum(self.by_kind_and_type.values())} questions "
            f"({self.created} created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged{decided})"
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
    """The source's set, made on first use: a bundled source's is published and has no owner;
    a teacher's is theirs, and a draft until they publish it."""
    question_set, _ = QuestionSet.objects.get_or_create(
        source=source,
        defaults={
            "title": source.title,
            "description": source.description,
            "owner": source.owner,
            "is_published": source.owner_id is None,
        },
    )
    if source.owner_id is not None:
        return question_set  # a teacher's set keeps the title they gave it (replace_source renames it)
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
    """Generated questions that break the authoring rules: a fault in the templates or the
    facts, never saved. `errors` maps each draft's key to its fields' reasons."""

    def __init__(self, errors: dict[str, dict[str, list[str]]]):
        super().__init__(f"Generated questions break the authoring rules: {errors}")
        self.errors = errors


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
    """Build or refresh the question set of `source`, in bulk: the same handful of
    statements for 10 questions or 1,000. Every draft passes the rules an authored
    question passes (services.authoring.question_errors) before anything is written."""
    question_set = question_set_for(source)
    excluded_keys = set(question_set.excluded_questions.values_list("generator_key", flat=True))
    # New questions are created in a scrambled but fixed order, so that a learner meeting
    # them by id does not get the same fact asked three ways in a row.
    drafts = sorted(
        QuestionTemplates(FactBase(source)).all_drafts(),
        key=lambda draft: hashlib.sha256(draft.key.encode()).hexdigest(),
    )
    report = GenerationReport(question_set=question_set)
    report.excluded = sum(draft.key in excluded_keys for draft in drafts)
    drafts = [draft for draft in drafts if draft.key not in excluded_keys]
    if broken := {draft.key: errors for draft in drafts if (errors := draft_errors(draft))}:
        raise InvalidDraft(broken)
    # Edited questions are neither rewritten nor deleted; their keys stay taken.
    generated = question_set.questions.exclude(generator_key="")
    edited = set(generated.filter(edited=True).values_list("generator_key", flat=True))
    report.kept_edited = len(edited)
    existing = {
        question.generator_key: question
        for question in generated.filter(edited=False).prefetch_related("choices", "accepted_answers")
    }
    new, changed, options_changed = [], [], []
    for number, draft in enumerate(drafts, start=1):
        report.by_kind_and_type[(draft.kind, draft.type)] += 1
        if draft.key in edited:
            continue
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
