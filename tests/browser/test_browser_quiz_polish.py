"""A quiz in a real browser: number keys pick a choice, the question buttons mark what is
answered, and submitting with questions unanswered asks first (a dialog with JavaScript,
a page without)."""

import datetime as dt
import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from quizzes.models import Attempt, AttemptAnswer, Card, Question
from quizzes.services import attempts

PHONE = {"width": 375, "height": 740}


def choice_quiz(user, question_set) -> tuple[Attempt, list[Question]]:
    attempt = attempts.start_quiz(
        user=user, question_set=question_set, size=2, types=["choice", "true_false"]
    )
    return attempt, [Question.objects.get(pk=pk) for pk in attempt.question_ids]


def test_number_keys_pick_a_choice_and_the_button_is_marked_answered(
    student_page, alice, tinas_set, check_page
):
    attempt, questions = choice_quiz(alice, tinas_set)
    page = student_page
    page.goto(f"/quizzes/{attempt.pk}/?layout=paged")
    first = page.get_by_role("navigation", name="Questions").get_by_role("button", name="Question 1")
    expect(first).to_have_accessible_name(re.compile(r"1 \(not answered\)$"))
    expect(page.locator(".quiz-question kbd").first).to_be_visible()  # a desktop: hints shown

    page.keyboard.press("2")

    picked = page.locator('.quiz-question input[data-key="2"]')
    expect(picked).to_be_checked()
    expect(picked).to_be_focused()
    expect(page.locator(".save-status")).to_have_text("Saved.")
    expect(first).to_have_accessible_name(re.compile(r"1 \(answered\)$"))
    expect(first.locator(".mark")).to_have_text("✓")
    check_page(page, "quiz-keys-and-marks")
    saved = AttemptAnswer.objects.get(attempt=attempt)
    value = picked.get_attribute("value")
    assert saved.question_id == questions[0].pk
    assert saved.given == (False if questions[0].type == "true_false" else value)


def test_keys_typed_in_a_text_box_stay_in_it(student_page, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, types=["text"])
    student_page.goto(f"/quizzes/{attempt.pk}/")

    student_page.get_by_label("Your answer").press_sequentially("1909")

    expect(student_page.get_by_label("Your answer")).to_have_value("1909")


def test_submitting_with_questions_unanswered_asks_in_a_dialog_by_keyboard(
    student_page, alice, tinas_set, check_page
):
    attempt = attempts.start_quiz(
        user=alice, question_set=tinas_set, size=3, types=["choice", "text", "true_false"]
    )
    second = Question.objects.get(pk=attempt.question_ids[1])
    attempts.save_answer(user=alice, attempt_id=attempt.pk, question_id=second.pk, answer=second.answer)
    page = student_page
    page.goto(f"/quizzes/{attempt.pk}/?layout=all")
    submit = page.get_by_role("button", name="Submit the quiz")

    submit.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Submit the quiz?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Questions 1 and 3 are not answered. Submit anyway?")
    expect(dialog.get_by_role("button", name="Keep answering")).to_be_focused()
    check_page(page, "quiz-confirm-dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(submit).to_be_focused()

    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    dialog.get_by_role("link", name="Go to question 3").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"#question-3$"))

    submit.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    page.keyboard.press("Shift+Tab")
    expect(dialog.get_by_role("button", name="Submit anyway")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_title(re.compile("^Quiz result"))
    attempt.refresh_from_db()
    assert attempt.is_submitted and not attempt.time_ran_out


def test_with_every_question_answered_the_quiz_is_submitted_without_a_dialog(student_page, alice, tinas_set):
    attempt, questions = choice_quiz(alice, tinas_set)
    for question in questions:
        attempts.save_answer(
            user=alice, attempt_id=attempt.pk, question_id=question.pk, answer=question.answer
        )
    student_page.goto(f"/quizzes/{attempt.pk}/?layout=all")

    student_page.get_by_role("button", name="Submit the quiz").click()

    expect(student_page).to_have_title(re.compile("^Quiz result"))
    assert Attempt.objects.get().score == 2


def context_for(browser, live_server, user, **options):
    """A browser context of its own (no JavaScript, a touch screen), logged in as `user`; its
    tests take `debug_mode`, as the shared context does."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )
    return context


def test_without_javascript_a_page_asks_and_then_submits(
    browser, live_server, debug_mode, alice, tinas_set, page_problems
):
    attempt, _ = choice_quiz(alice, tinas_set)
    context = context_for(browser, live_server, alice, java_script_enabled=False)
    try:
        page = context.new_page()
        page_problems.watch(page)
        page.goto(f"/quizzes/{attempt.pk}/")

        page.get_by_role("button", name="Submit the quiz").click()
        expect(page).to_have_title(re.compile(r"^Submit the quiz\?"))
        expect(page.locator("#submit-confirm-question")).to_have_text(
            "Questions 1 and 2 are not answered. Submit anyway?"
        )
        page.get_by_role("button", name="Submit anyway").click()

        expect(page).to_have_title(re.compile("^Quiz result"))
        assert Attempt.objects.get().is_submitted
    finally:
        context.close()
    assert page_problems.errors == []


def test_the_confirmation_page_passes_the_page_checks(student_page, alice, tinas_set, check_page):
    """The page itself (axe needs JavaScript): reached as quiz.js falls back to it, by the
    form sent without its submit handler."""
    attempt, _ = choice_quiz(alice, tinas_set)
    student_page.goto(f"/quizzes/{attempt.pk}/")

    student_page.locator("#submit-quiz").evaluate("form => form.submit()")

    expect(student_page).to_have_title(re.compile(r"^Submit the quiz\?"))
    expect(student_page.get_by_role("link", name="Go to question 2")).to_be_visible()
    check_page(student_page, "quiz-confirm")


def test_key_hints_are_hidden_on_a_touch_screen(
    browser, live_server, debug_mode, alice, tinas_set, page_problems
):
    attempt, _ = choice_quiz(alice, tinas_set)
    context = context_for(browser, live_server, alice, has_touch=True, is_mobile=True, viewport=PHONE)
    try:
        page = context.new_page()
        page_problems.watch(page)
        page.goto(f"/quizzes/{attempt.pk}/")

        expect(page.locator(".quiz-question input[data-key]").first).to_be_attached()
        expect(page.locator(".quiz-question kbd").first).to_be_hidden()
    finally:
        context.close()
    assert page_problems.errors == []


def test_a_result_whose_time_ran_out_says_so_and_studies_the_ones_missed(
    student_page, alice, tinas_set, check_page
):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    attempt = attempts.start_quiz(
        user=alice,
        question_set=tinas_set,
        size=2,
        types=["choice", "true_false"],
        time_limit_s=60,
        now=started,
    )
    page = student_page
    page.goto(f"/quizzes/{attempt.pk}/")

    expect(page).to_have_title(re.compile("^Quiz result"))
    expect(page.locator(".time-ran-out")).to_contain_text("The time ran out")
    check_page(page, "quiz-result-time-ran-out")
    page.get_by_role("button", name="Study the ones you missed (2)").click()

    expect(page).to_have_title(re.compile("^Study"))
    expect(page.locator(".missed-note")).to_contain_text("the questions you missed in your quiz: 2 to go")
    shown = Card.objects.get(pk=page.locator("[data-phase=question] input[name=card]").input_value())
    assert shown.question_id in attempt.question_ids
