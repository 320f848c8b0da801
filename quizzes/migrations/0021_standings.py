"""Standings: each student's running totals of their reviews of a set, kept by a trigger on
the review table, so that the leaderboards read one row per student instead of summing the
review log (docs/performance.md). Filled here from the reviews already stored.

PostgreSQL only: on SQLite (`make run`'s fallback) the table stays empty and the
leaderboards show quiz points alone."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# The trigger keeps the totals whoever writes reviews; a row is made at a student's first review of a set.
TRIGGER = """
CREATE FUNCTION quizzes_standing_from_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE quizzes_standing
        SET points = points - OLD.points, answers = answers - 1, right_answers = right_answers - OLD.correct::int
        WHERE user_id = OLD.user_id AND question_set_id = OLD.question_set_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO quizzes_standing (user_id, question_set_id, points, answers, right_answers)
        VALUES (NEW.user_id, NEW.question_set_id, NEW.points, 1, NEW.correct::int)
        ON CONFLICT (user_id, question_set_id) DO UPDATE
        SET points = quizzes_standing.points + EXCLUDED.points,
            answers = quizzes_standing.answers + 1,
            right_answers = quizzes_standing.right_answers + EXCLUDED.right_answers;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER quizzes_review_standing AFTER INSERT OR UPDATE OR DELETE ON quizzes_review
FOR EACH ROW EXECUTE FUNCTION quizzes_standing_from_review();
"""
# The totals of the reviews stored (bench/seed.py runs it too, after loading reviews with triggers off).
FILL = """
INSERT INTO quizzes_standing (user_id, question_set_id, points, answers, right_answers)
SELECT user_id, question_set_id, sum(points), count(*), count(*) FILTER (WHERE correct)
FROM quizzes_review GROUP BY user_id, question_set_id
ON CONFLICT (user_id, question_set_id) DO UPDATE
SET points = EXCLUDED.points, answers = EXCLUDED.answers, right_answers = EXCLUDED.right_answers
"""
UNDO = """
DROP TRIGGER IF EXISTS quizzes_review_standing ON quizzes_review;
DROP FUNCTION IF EXISTS quizzes_standing_from_review();
"""


def on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0020_scheduler_fits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Standing",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("points", models.BigIntegerField(default=0)),
                ("answers", models.PositiveIntegerField(default=0)),
                ("right_answers", models.PositiveIntegerField(default=0)),
                (
                    "question_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="quizzes.questionset",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "question_set"), name="one_standing_per_user_and_set"
                    )
                ],
            },
        ),
        migrations.RunPython(on_postgresql(TRIGGER + FILL), on_postgresql(UNDO)),
    ]
