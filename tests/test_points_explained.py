"""Wherever points are shown (the dashboard, the progress page, a set's leaderboard, a quiz
result) "How points work" explains them, from one include whose figures are the code's."""

import datetime as dt

import pytest
from django.template.loader import render_to_string

from quizzes.models import Card
from quizzes.services import attempts, study

pytestmark = pytest.mark.django_db

SUMMARY = "<summary>How points work</summary>"


def test_every_page_showing_points_explains_them(student, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1)
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)

    for url in ("/", "/progress/", f"/sets/{tinas_set.pk}/", f"/quizzes/{attempt.pk}/"):
        page = student.get(url).content.decode()
        assert page.count(SUMMARY) == 1, url


def test_the_explanation_states_the_rules_the_code_applies():
    text = render_to_string("quizzes/points_help.html")
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

    def points(*, days_since: int, difficulty: float, self_graded: bool = False, correct: bool = True) -> int:
        card = Card(
            state="review", due=now, last_review=now - dt.timedelta(days=days_since), difficulty=difficulty
        )
        return study.review_points(card=card, rating=3, correct=correct, self_graded=self_graded, now=now)

    # "10 points, plus 1 for each day since you last answered it (up to 20) and 1 to 10 more the harder"
    assert "earns 10 points, plus 1 for each day since you last answered it (up to 20)" in text
    assert points(days_since=0, difficulty=1) == 10 + 0 + 1
    assert points(days_since=7, difficulty=10) == 10 + 7 + 10
    assert points(days_since=400, difficulty=4) == 10 + study.MAX_INTERVAL_BONUS + 4 == 10 + 20 + 4
    # "Graded by yourself: half. A wrong answer ...: none."
    assert "Graded by yourself (after <q>Show answer</q>): half" in text
    assert points(days_since=7, difficulty=10, self_graded=True) == (10 + 7 + 10) // 2
    assert points(days_since=7, difficulty=10, correct=False) == 0
    # "Quizzes: 5 points for each right answer"
    assert f"{attempts.POINTS_PER_RIGHT_ANSWER} points for each right answer" in text
