"""A teacher in a real browser: a set, a question of each type (one refused first), a student's result."""

import re

from playwright.sync_api import expect

from quizzes.models import Question, QuestionSet
from quizzes.services import attempts

TITLE = "Тегеран, июль 1909 — فتح تهران"


def test_a_teacher_creates_a_set_adds_every_type_of_question_and_sees_a_students_result(
    teacher_page, alice, check_page
):
    page = teacher_page
    page.goto("/teach/")
    check_page(page, "teach-sets")
    page.get_by_role("link", name="New set").first.click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Description").fill("Who took Tehran back for the constitution, and when.")
    page.get_by_label("Published (students can find and study it)").check()
    page.get_by_role("button", name="Create the set").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # A choice question whose right choice is not among the choices: refused beside the field.
    page.get_by_role("link", name="Multiple choice").click()
    form = page.locator("#question-form")
    form.get_by_label("Kind").select_option("person")
    form.get_by_label("Question").fill("Who led the Bakhtiari forces into Tehran in July 1909?")
    form.get_by_label("Choices").fill("Sardar Asad\nSepahdar Tonekaboni\nYeprem Khan\nVladimir Liakhov")
    form.get_by_label("Right choice").fill("Sardar As'ad Bakhtiari")
    form.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("alert")).to_have_text("Not saved yet: fix what is marked below.")
    expect(form.get_by_label("Right choice")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_answer_error")).to_have_text(
        'The answer "Sardar As\'ad Bakhtiari" is not among the choices.'
    )
    expect(form.get_by_label("Choices")).to_have_value(
        "Sardar Asad\nSepahdar Tonekaboni\nYeprem Khan\nVladimir Liakhov"
    )
    check_page(page, "teach-question-errors")
    form.get_by_label("Right choice").fill("Sardar Asad")
    form.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("status")).to_contain_text("Question added.")

    add_question(page, "Typed answer", {
        "Kind": "place", "Question": "Which city did the constitutionalists take in July 1909?",
        "Right answer": "Tehran", "Other accepted answers": "تهران\nТегеран",
    })  # fmt: skip
    add_question(page, "True or false", {
        "Kind": "date", "Statement": "Mohammad Ali Shah was deposed in 1909.", "True": True,
    })  # fmt: skip
    add_question(page, "Put in order", {
        "Kind": "date", "Question": "Put these in order.",
        "Items in the right order": "Bombardment of the Majlis\nTaking of Tehran\nRussian ultimatum",
    })  # fmt: skip
    add_question(page, "Matching", {
        "Kind": "other", "Question": "Match each commander with the force he led into Tehran.",
        "Items to match": "Sardar Asad\nYeprem Khan", "Their matches": "The Bakhtiari\nThe Dashnaks",
    })  # fmt: skip
    question_set = QuestionSet.objects.get(title=TITLE)
    assert sorted(question_set.questions.values_list("type", flat=True)) == sorted(Question.Type.values)
    expect(page.locator(".question-list > li")).to_have_count(5)
    check_page(page, "teach-set")

    attempt = attempts.start_quiz(user=alice, question_set=question_set, size=5)
    for question in question_set.questions.all():
        attempts.save_answer(
            user=alice, attempt_id=attempt.pk, question_id=question.pk, answer=question.answer
        )
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)

    page.get_by_role("link", name="Results", exact=True).click()
    students = page.locator("#student-results")
    expect(students.get_by_role("row", name=re.compile("alice"))).to_contain_text("100%")
    check_page(page, "teach-results")
    page.locator("#latest-quizzes").get_by_role("link", name=re.compile("See answers")).click()
    expect(page).to_have_title(re.compile("^Quiz result"))
    expect(page.get_by_text("Taken by alice.")).to_be_visible()
    expect(page.locator(".results .given").first).to_contain_text(re.compile("^alice answered "))
    expect(page.locator(".results > li")).to_have_count(5)
    expect(page.locator(".results")).to_contain_text("Yeprem Khan → The Dashnaks")
    check_page(page, "teach-student-result")


def add_question(page, type_name: str, answers: dict) -> None:
    """From the set's page, write one question of a type: text fields, selects, the true/false radio."""
    page.get_by_role("link", name=type_name, exact=True).click()
    form = page.locator("#question-form")
    for label, value in answers.items():
        field = form.get_by_label(re.compile(rf"^\s*{re.escape(label)}"))
        if value is True:
            field.check()
        elif field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.get_by_role("button", name="Add the question").click()
    expect(page.get_by_role("status")).to_contain_text("Question added.")
