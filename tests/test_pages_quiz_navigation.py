"""The quiz's question buttons tell answered from unanswered by a mark and by words for screen
readers, not by colour alone; choices carry the number keys of the study page, with hints
shown only where there is a keyboard (docs/pages.md, "Quiz")."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from quizzes.models import Question
from quizzes.services import attempts

pytestmark = pytest.mark.django_db


def nav_buttons(content: str) -> list[str]:
    [nav] = re.findall(r'<nav class="quiz-nav".*?</nav>', content, re.S)
    return re.findall(r"<button.*?</button>", nav, re.S)


def test_answered_and_unanswered_buttons_carry_a_mark_and_words(student, alice, tinas_set):
    attempt = attempts.start_quiz(
        user=alice, question_set=tinas_set, size=3, types=["choice", "text", "true_false"]
    )
    answered = Question.objects.get(pk=attempt.question_ids[1])
    attempts.save_answer(user=alice, attempt_id=attempt.pk, question_id=answered.pk, answer=answered.answer)

    content = student.get(f"/quizzes/{attempt.pk}/?layout=paged").content.decode()

    first, second, third = nav_buttons(content)
    assert 'class="answered"' in second and '<span class="mark" aria-hidden="true">✓</span>' in second
    assert '<span class="sr-only"> (answered)</span>' in second and "not answered" not in second
    for button in (first, third):
        assert 'class="unanswered"' in button and "(not answered)" in button and "✓" not in button


def test_the_buttons_differ_by_more_than_colour_in_the_stylesheet():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text(encoding="utf-8")

    assert re.search(r"\.quiz-nav button\.unanswered \{[^}]*border-style: dashed", css)


def test_choices_in_a_quiz_carry_number_keys_and_their_hints(student, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=2, types=["choice", "true_false"])

    content = student.get(f"/quizzes/{attempt.pk}/?layout=all").content.decode()

    choice, true_false = content.split('class="card quiz-question"')[1:]
    if 'value="true"' in choice:
        choice, true_false = true_false, choice
    for key in "1234":
        assert f'data-key="{key}"' in choice and f'<kbd aria-hidden="true">{key}</kbd>' in choice
    assert 'value="true" data-key="1"' in true_false and 'value="false" data-key="2"' in true_false


def test_key_hints_show_only_where_there_is_a_keyboard():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text(encoding="utf-8")

    assert ".quiz-question kbd { display: none; }" in css
    assert "@media (hover: hover) and (pointer: fine) { .quiz-question kbd { display: inline; } }" in css
