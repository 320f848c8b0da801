"""The results page of a set: per student, per question (most missed first), latest quizzes."""

import datetime as dt

import pytest
from django.core.cache import cache
from factories import make_user

from quizzes.models import Question
from quizzes.services import attempts
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db


def take_quiz(user, question_set, *, right: set[str]):
    """A quiz of the whole set, right on the prompts in `right`, wrong elsewhere."""
    attempt = attempts.start_quiz(user=user, question_set=question_set, size=10)
    wrong = {"true_false": False, "order": ["Ultimatum", "Occupation of Tabriz", "Coup against the Majlis"]}
    for question in Question.objects.filter(pk__in=attempt.question_ids):
        given = question.answer if question.prompt in right else wrong.get(question.type, "wrong")
        attempts.save_answer(user=user, attempt_id=attempt.pk, question_id=question.pk, answer=given)
    return attempts.submit_quiz(user=user, attempt_id=attempt.pk)


def students_take_quizzes(question_set, names: list[str]):
    prompts = list(question_set.questions.order_by("pk").values_list("prompt", flat=True))
    for number, name in enumerate(names):
        take_quiz(make_user(name), question_set, right=set(prompts[: 1 + number % 3]))


def test_each_student_has_a_row_with_quizzes_and_study(teacher, tinas_set):
    students_take_quizzes(tinas_set, ["Ахмед Раҳимов-Бахтиёрӣ", "فاطمه صدیقی‌نژاد"])
    persian = Question.objects.get(question_set=tinas_set, type="text")
    student = make_user("sara")
    card = introduce_card(user=student, question=persian, now=dt.datetime.now(dt.UTC))
    review_card(user=student, card_id=card.pk, answer="Ляхов")

    page = teacher.get(f"/teach/sets/{tinas_set.pk}/results/")

    assert page.status_code == 200
    rows = {row["username"]: row for row in page.context["students"]}
    assert rows["Ахмед Раҳимов-Бахтиёрӣ"]["best_percent"] == 25.0
    assert rows["فاطمه صدیقی‌نژاد"]["attempts"] == 1
    assert rows["sara"]["reviews"] == 1 and rows["sara"]["accuracy"] == 1.0
    body = page.content.decode()
    assert "<bdi>فاطمه صدیقی‌نژاد</bdi>" in body
    assert "<title>Results · Tina&#x27;s dates" in body


def test_the_most_missed_question_comes_first(teacher, tinas_set):
    students_take_quizzes(tinas_set, ["s1", "s2", "s3", "s4"])

    page = teacher.get(f"/teach/sets/{tinas_set.pk}/results/")

    questions = page.context["questions"]
    accuracies = [row["accuracy"] for row in questions]
    assert accuracies == sorted(accuracies)
    body = page.content.decode()
    first, last = questions[0]["prompt"], questions[-1]["prompt"]
    assert body.index(first) < body.index(last)


def test_the_teacher_opens_a_students_quiz_from_the_latest_quizzes(teacher, tinas_set):
    students_take_quizzes(tinas_set, ["sara"])

    page = teacher.get(f"/teach/sets/{tinas_set.pk}/results/")

    attempt = page.context["latest_quizzes"][0]
    assert attempt.user.username == "sara"
    assert f'href="/quizzes/{attempt.pk}/"' in page.content.decode()
    result = teacher.get(f"/quizzes/{attempt.pk}/")
    assert result.status_code == 200 and len(result.context["results"]) == 4


def test_a_set_nobody_studied_says_so(teacher, tinas_draft):
    page = teacher.get(f"/teach/sets/{tinas_draft.pk}/results/")

    assert "No student has studied this set" in page.content.decode()
    assert "It is a draft" in page.content.decode()


def test_the_results_page_takes_seven_queries_whatever_the_number_of_students(
    teacher, tinas_set, django_assert_num_queries
):
    # session, user, set, scoring quizzes whose time ran out (one UPDATE), the students,
    # the questions, latest quizzes
    students_take_quizzes(tinas_set, ["a1", "a2"])
    with django_assert_num_queries(7):
        teacher.get(f"/teach/sets/{tinas_set.pk}/results/")

    cache.clear()  # the results are kept a minute; measure them computed again
    students_take_quizzes(tinas_set, [f"b{n}" for n in range(8)])
    with django_assert_num_queries(7):
        page = teacher.get(f"/teach/sets/{tinas_set.pk}/results/")
    assert len(page.context["students"]) == 10
