"""Submitting a quiz with questions unanswered asks first, naming them (docs/pages.md, "Quiz"):
a page of its own without JavaScript, the quiz page's dialog through htmx; `confirm=1`
submits, once however often it is sent."""

import datetime as dt
import re

import pytest
from study_helpers import right_answer

from quizzes.models import Attempt, Question
from quizzes.services import attempts

pytestmark = pytest.mark.django_db


def quiz_answering(user, question_set, *, numbers: list[int], size: int = 4) -> Attempt:
    """A quiz of `size` questions with the ones at `numbers` (from 1) answered right."""
    attempt = attempts.start_quiz(user=user, question_set=question_set, size=size)
    for number in numbers:
        question = Question.objects.get(pk=attempt.question_ids[number - 1])
        attempts.save_answer(
            user=user, attempt_id=attempt.pk, question_id=question.pk, answer=right_answer(question)
        )
    return attempt


def sentence(content: str) -> str:
    """The question the page asks, as read: tags dropped, spaces collapsed."""
    [question] = re.findall(r'<p id="submit-confirm-question">(.*?)</p>', content, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", question).split())


def test_submitting_with_questions_unanswered_asks_first_naming_them(student, alice, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[1, 3])

    page = student.post(f"/quizzes/{attempt.pk}/submit/", {"layout": "paged"})

    assert page.status_code == 200
    assert page.templates[0].name == "quizzes/quiz_confirm.html"
    content = page.content.decode()
    assert sentence(content) == "Questions 2 and 4 are not answered. Submit anyway?"
    for number in (2, 4):
        assert f'href="/quizzes/{attempt.pk}/?layout=paged&amp;q={number}"' in content
    assert 'name="confirm" value="1"' in content
    assert not Attempt.objects.get().is_submitted


def test_one_unanswered_question_is_named_alone(student, alice, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[1, 2, 4])

    page = student.post(f"/quizzes/{attempt.pk}/submit/")

    assert sentence(page.content.decode()) == "Question 3 is not answered. Submit anyway?"


def test_all_on_one_page_the_names_link_to_the_questions_on_it(student, alice, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[])

    content = student.post(f"/quizzes/{attempt.pk}/submit/", {"layout": "all"}).content.decode()
    quiz_page = student.get(f"/quizzes/{attempt.pk}/?layout=all").content.decode()

    assert sentence(content) == "Questions 1, 2, 3 and 4 are not answered. Submit anyway?"
    assert f'href="/quizzes/{attempt.pk}/?layout=all#question-3"' in content
    assert 'id="question-3"' in quiz_page


def test_submitting_with_confirm_submits_once(student, alice, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[1])

    first = student.post(f"/quizzes/{attempt.pk}/submit/", {"confirm": "1"})
    submitted = Attempt.objects.get()
    again = student.post(f"/quizzes/{attempt.pk}/submit/", {"confirm": "1"})
    and_unconfirmed = student.post(f"/quizzes/{attempt.pk}/submit/")

    for response in (first, again, and_unconfirmed):
        assert response.status_code == 302 and response["Location"] == f"/quizzes/{attempt.pk}/"
    scored = Attempt.objects.get()
    assert (scored.submitted_at, scored.score, scored.points) == (
        submitted.submitted_at,
        1,
        attempts.POINTS_PER_RIGHT_ANSWER,
    )


def test_a_quiz_with_every_question_answered_is_submitted_without_asking(student, alice, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[1, 2, 3, 4])

    response = student.post(f"/quizzes/{attempt.pk}/submit/")

    assert response.status_code == 302 and Attempt.objects.get().score == 4


def test_a_quiz_whose_time_is_up_is_submitted_without_asking(student, alice, tinas_set):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=2, time_limit_s=60, now=started)

    response = student.post(f"/quizzes/{attempt.pk}/submit/")

    assert response.status_code == 302
    assert Attempt.objects.get().submitted_at == attempt.deadline


def test_through_htmx_the_question_comes_as_the_dialogs_content(student, alice, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[2, 3, 4])

    response = student.post(f"/quizzes/{attempt.pk}/submit/", HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert sentence(content) == "Question 1 is not answered. Submit anyway?"
    assert '<form method="dialog"' in content and "autofocus>Keep answering</button>" in content
    assert not Attempt.objects.get().is_submitted
    assert 'id="submit-confirm"' in student.get(f"/quizzes/{attempt.pk}/").content.decode()


def test_through_htmx_a_confirmed_submit_sends_the_page_to_the_result(student, alice, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[])

    response = student.post(f"/quizzes/{attempt.pk}/submit/", {"confirm": "1"}, HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"] == f"/quizzes/{attempt.pk}/"
    assert Attempt.objects.get().is_submitted


def test_another_students_quiz_is_a_404_whether_confirmed_or_not(client, alice, bob, tinas_set):
    attempt = quiz_answering(alice, tinas_set, numbers=[])
    client.force_login(bob)

    assert client.post(f"/quizzes/{attempt.pk}/submit/").status_code == 404
    assert client.post(f"/quizzes/{attempt.pk}/submit/", {"confirm": "1"}).status_code == 404
    assert not Attempt.objects.get().is_submitted
