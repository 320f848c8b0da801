"""Answers are checked when saved, and a student has one unsubmitted quiz per set.

Answers saved to quizzes still open get their verdict now; of several quizzes open on one
set, all but the newest are scored as they stand, so the constraint can be added.
"""

from django.db import migrations, models
from django.db.models import Count, Q
from django.utils import timezone


def check_saved_answers(apps, schema_editor):
    from quizzes.answers import is_correct  # pure Python, the checker the app uses

    AttemptAnswer = apps.get_model("quizzes", "AttemptAnswer")
    pending = AttemptAnswer.objects.filter(correct__isnull=True).select_related("question")
    for saved in pending.iterator(chunk_size=500):
        question = saved.question
        saved.correct = is_correct(
            saved.given,
            question_type=question.type,
            kind=question.kind,
            answer=question.answer,
            accepted_answers=list(question.accepted_answers.values_list("text", flat=True)),
        )
        saved.save(update_fields=["correct"])


def close_all_but_newest_open_quiz(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    now = timezone.now()
    crowded = (
        Attempt.objects.filter(submitted_at__isnull=True)
        .values("user", "question_set")
        .annotate(open=Count("pk"))
        .filter(open__gt=1)
    )
    for group in crowded:
        older = Attempt.objects.filter(
            user=group["user"], question_set=group["question_set"], submitted_at__isnull=True
        ).order_by("-started_at", "-pk")[1:]
        for attempt in older:
            score = attempt.answers.filter(correct=True).count()
            attempt.score = score
            attempt.percent = round(100 * score / attempt.total, 1) if attempt.total else 0.0
            attempt.points = score * 5
            attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
            attempt.save(update_fields=["score", "percent", "points", "submitted_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0006_study_indexes"),
    ]

    operations = [
        migrations.RunPython(check_saved_answers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="attemptanswer",
            name="correct",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(close_all_but_newest_open_quiz, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.UniqueConstraint(
                condition=Q(submitted_at__isnull=True),
                fields=("user", "question_set"),
                name="one_unsubmitted_attempt_per_set",
                violation_error_message="You already have a quiz open on this set.",
            ),
        ),
    ]
