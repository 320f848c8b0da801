"""A student in a real browser: signing up, studying with the keyboard, a quiz, the progress page."""

import datetime as dt
import re

from playwright.sync_api import expect
from steps import card_on_screen, choice_key, give_quiz_answer, grade_with_key, tab_to

from accounts.models import User
from quizzes.models import Attempt, AttemptAnswer, Question, Review
from quizzes.services import attempts
from quizzes.templatetags.quiz_tags import as_answer

# A long name in Persian script with Cyrillic after it, as a student might choose.
STUDENT_NAME = "محمدعلی_میرزا_قاجار_Мухаммед_Али_Шах"
PASSWORD = "tabriz-1909-snarsky"


def test_a_student_registers_studies_five_cards_takes_a_quiz_and_sees_progress(page, bundled_set, check_page):
    page.goto("/")
    check_page(page, "welcome")
    page.get_by_role("link", name="Sign up").first.click()
    check_page(page, "signup")

    # Keyboard only: skip to the content, then Tab from field to field; Enter sends the form.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(STUDENT_NAME)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("12345678")
    page.keyboard.press("Enter")

    password = page.get_by_label("Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_password_error")).to_contain_text("This password is too common.")
    expect(page.get_by_label("Username")).to_have_value(STUDENT_NAME)
    check_page(page, "signup-errors")
    password.fill(PASSWORD)
    password.press("Enter")

    expect(page).to_have_title(re.compile("^Your sets"))
    student = User.objects.get(username=STUDENT_NAME)
    assert student.time_zone == "Asia/Tehran"  # the browser's zone, sent with the form
    set_card = page.get_by_role("region", name=bundled_set.title)
    expect(set_card.locator(".remaining .new")).to_have_text("20 new")
    expect(set_card.locator(".due-now")).to_have_text("20 due now")  # the new cards of today
    expect(page.locator(".dashboard-head")).to_contain_text("Welcome, ")
    check_page(page, "dashboard")

    study_five_cards_with_the_keyboard(page, student, bundled_set, check_page)
    take_a_three_question_quiz_with_a_reload(page, student, bundled_set, check_page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Reviews per day")).to_be_visible()
    expect(page.locator(".heatmap rect.today title")).to_contain_text(": 5 reviews")
    expect(page.locator("#history-title + p")).to_contain_text("of 5 right")
    check_page(page, "progress")


def study_five_cards_with_the_keyboard(page, student, question_set, check_page):
    tab_to(page, page.get_by_role("link", name=f"Study {question_set.title}"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/study/$"))  # and its scripts, so the keys work
    remaining = page.locator(".study-head .remaining")
    expect(remaining).to_contain_text("20 new")
    check_page(page, "study-question")

    # (how the card is answered, the grade key pressed after), one card after another.
    plan = [("right", " "), ("wrong", "Enter"), ("right", "4"), ("flip", "2"), ("right", "3")]
    for number, (how, grade_key) in enumerate(plan, start=1):
        card = card_on_screen(page)
        question = card.question
        if question.type == "order":
            how = "flip"  # this scenario grades order questions by hand; see test_browser_long_names
        if how == "flip":
            if question.type == "text":  # Space types a space in the text box: Tab to the button
                tab_to(page, page.get_by_role("button", name="Show answer"))
                page.keyboard.press("Enter")
            else:
                page.keyboard.press(" ")
        elif question.type == "text":
            expect(page.get_by_label("Your answer")).to_be_focused()
            page.keyboard.type(question.answer if how == "right" else "Certainly not this")
            page.keyboard.press("Enter")
        else:
            page.keyboard.press(choice_key(page, question, right=how == "right"))
            page.keyboard.press("Enter")

        feedback = page.locator("[data-phase=feedback]")
        expect(feedback).to_be_visible()
        verdict = {"right": "Right.", "wrong": "Not quite", "flip": None}[how]
        if verdict:
            expect(feedback.locator(".verdict")).to_contain_text(verdict)
        expect(feedback.locator(".answer")).to_contain_text(as_answer(question.answer))
        expect(feedback.locator(".source blockquote")).to_have_text(question.source_text)
        grades = feedback.locator(".grades button")
        if how == "wrong":  # recorded at once as Again: nothing to grade, on to the next card
            expect(grades).to_have_count(0)
            expect(feedback.locator(".recorded")).to_contain_text(
                re.compile(r"Counted as Again: you will see it again in (<1m|\d+(m|h|d|mo|y))")
            )
            expect(feedback.get_by_role("button", name=re.compile("^Next card"))).to_be_visible()
            review = Review.objects.get(user=student, card=card)
            assert (review.rating, review.correct) == (1, False)
            assert review.answer not in (None, question.answer)  # what was given, logged
        else:
            expect(grades).to_have_count(4)
            for grade, label in zip(grades.all(), ["Again", "Hard", "Good", "Easy"], strict=True):
                expect(grade).to_contain_text(re.compile(label + r".*(<1m|\d+(m|h|d|mo|y))"))
            assert not Review.objects.filter(user=student, card=card).exists()
        if number == 1:
            check_page(page, "study-feedback")
        if number == 2:
            check_page(page, "study-feedback-wrong")
        grade_with_key(page, grade_key)
        expect(page.locator("input[name=card]").first).not_to_have_value(str(card.pk))

        review = Review.objects.filter(user=student).latest("reviewed_at")
        expected_rating = 1 if how == "wrong" else {" ": 3, "Enter": 3, "4": 4, "2": 2, "3": 3}[grade_key]
        assert (review.card_id, review.rating) == (card.pk, expected_rating)
        assert review.correct is {"right": True, "wrong": False, "flip": expected_rating > 1}[how]
        assert 0 < review.duration_ms < 60_000  # from the card shown to its answer or flip

    assert Review.objects.filter(user=student).count() == 5
    expect(remaining.locator(".new")).to_have_text("15 new")


def take_a_three_question_quiz_with_a_reload(page, student, question_set, check_page):
    page.goto(f"/sets/{question_set.pk}/quiz/")
    check_page(page, "quiz-new")
    page.get_by_label("Number of questions").fill("3")
    page.get_by_label("Time limit in minutes").fill("10")
    page.get_by_role("button", name="Start the quiz").click()

    expect(page).to_have_title(re.compile("^Quiz"))
    countdown = page.locator(".countdown")
    expect(countdown).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    attempt = Attempt.objects.get(user=student)
    questions = [Question.objects.get(pk=pk) for pk in attempt.question_ids]
    form = page.locator("form.quiz-question")
    give_quiz_answer(form, questions[0], right=True)
    expect(page.get_by_role("button", name="Question 1")).to_have_class("answered")
    check_page(page, "quiz")
    page.get_by_role("button", name="Save and next").click()
    expect(page.locator(".quiz-question .muted").first).to_have_text("Question 2 of 3")
    give_quiz_answer(form, questions[1], right=False)

    page.reload()  # what was given is still there, and counted
    expect(page.locator("#answered-count")).to_have_text("2")
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 2
    expect(form.locator(".save-status")).to_have_text("Saved.")
    if questions[1].type == "text":
        expect(form.get_by_label("Your answer")).to_have_value("Certainly not this")
    else:
        expect(form.locator("input:checked, select")).not_to_have_count(0)

    page.get_by_role("navigation", name="Questions").get_by_role("button", name="Question 3").click()
    expect(page.locator(".quiz-question .muted").first).to_have_text("Question 3 of 3")
    give_quiz_answer(form, questions[2], right=True)
    page.get_by_role("button", name="Submit the quiz").click()

    expect(page).to_have_title(re.compile("^Quiz result"))
    expect(page.locator(".stats")).to_contain_text("2 / 3")
    results = page.locator(".results > li")
    expect(results).to_have_count(3)
    for row, question in zip(results.all(), questions, strict=True):
        expect(row.locator(".prompt")).to_have_text(question.prompt)
        expect(row.locator(".answer")).to_contain_text("Answer:")
        expect(row.locator(".source blockquote")).to_have_text(question.source_text)
    expect(results.nth(1).locator(".verdict")).to_contain_text("Wrong")
    check_page(page, "quiz-result")


def test_the_quiz_is_submitted_when_its_time_runs_out(student_page, alice, tinas_set):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=58)
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=2, time_limit_s=60, now=started)

    student_page.goto(f"/quizzes/{attempt.pk}/?layout=all")
    expect(student_page.locator(".countdown")).to_have_class(re.compile("low"))

    expect(student_page).to_have_title(re.compile("^Quiz result"))
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.score == 0


def test_an_answer_typed_just_before_submitting_is_kept(student_page, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, types=["text"])
    student_page.goto(f"/quizzes/{attempt.pk}/?layout=all")

    student_page.get_by_label("Your answer").fill("Ляхов")  # and at once, before it is saved:
    student_page.get_by_role("button", name="Submit the quiz").click()

    expect(student_page).to_have_title(re.compile("^Quiz result"))
    expect(student_page.locator(".verdict")).to_contain_text("Right. You answered Ляхов.")
    assert AttemptAnswer.objects.get(attempt=attempt).given == "Ляхов"


def test_a_session_that_ran_out_while_studying_leads_to_the_login_page(
    student_page, browser_context, page_problems, tinas_set
):
    student_page.goto(f"/sets/{tinas_set.pk}/study/")
    expect(student_page.locator("[data-phase=question]")).to_be_visible()
    browser_context.clear_cookies()  # the session and the CSRF cookie: the answer gets a 403
    page_problems.expect_status(403)

    student_page.get_by_role("button", name="Show answer").click()

    expect(student_page).to_have_title(re.compile("^Log in"))
    expect(student_page.get_by_label("Username")).to_be_visible()


def test_logging_in_and_out(page, alice, check_page):
    page.goto("/progress/")
    expect(page).to_have_title(re.compile("^Log in"))
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Unable to log in with that username and password.")
    check_page(page, "login")

    page.get_by_label("Password").fill("correct-horse-battery-9")
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_title(re.compile("^Progress"))  # where it was going

    page.get_by_role("button", name=re.compile("^Log out")).click()
    expect(page).to_have_title(re.compile("^Log in"))
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")


def test_settings_are_saved_and_refused_beside_the_field(student_page, alice, check_page):
    student_page.goto("/settings/")
    student_page.get_by_label("Desired retention").fill("0.5")
    student_page.get_by_label("New cards a day").fill("30")
    student_page.get_by_role("button", name="Save").click()

    expect(student_page.locator("#id_desired_retention_error")).to_contain_text(
        "greater than or equal to 0.7"
    )
    check_page(student_page, "settings-errors")
    alice.refresh_from_db()
    assert (alice.desired_retention, alice.new_cards_per_day) == (0.9, 20)

    student_page.get_by_label("Desired retention").fill("0.85")
    student_page.get_by_label("Time zone").select_option("Europe/Moscow")
    student_page.get_by_role("button", name="Save").click()

    expect(student_page.get_by_role("status")).to_contain_text("Your settings are saved.")
    alice.refresh_from_db()
    assert (alice.desired_retention, alice.new_cards_per_day, alice.time_zone) == (0.85, 30, "Europe/Moscow")


def test_a_quiz_order_question_is_put_in_order_by_dragging_and_by_its_buttons(student_page, alice, tinas_set):
    """The same list as on the study page: every move saves a valid order (the autosave)."""
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, types=["order"])
    question = Question.objects.get(pk=attempt.question_ids[0])
    student_page.goto(f"/quizzes/{attempt.pk}/?layout=all")
    items = student_page.locator("ol.order-list > li")
    expect(items).to_have_count(3)

    def shown() -> list[str]:
        return [item.input_value() for item in student_page.locator("input[name=item]").all()]

    # The choices are shuffled per student: one time in six they come in order, and nothing
    # would be moved (or saved). Then the first goes down a place, so there is an order to fix.
    if shown() == question.answer:
        student_page.get_by_role("button", name=f"Move {question.answer[0]} down", exact=True).click()
    assert shown() != question.answer
    # Drag the item that comes last in time to the bottom, by its handle.
    last = question.answer[-1]
    student_page.get_by_role("button", name=f"Move {last}", exact=True).drag_to(items.last)
    expect(student_page.locator("input[name=item]").last).to_have_value(last)
    # Then the buttons, as on a phone: move each item up until it stands in its place.
    for place, wanted in enumerate(question.answer[:-1]):
        while shown().index(wanted) > place:
            student_page.get_by_role("button", name=f"Move {wanted} up", exact=True).click()
    # The autosave after the last move may still be on its way: wait for the stored answer.
    for _ in range(100):
        saved = AttemptAnswer.objects.filter(attempt=attempt).values_list("given", flat=True).first()
        if saved == question.answer:
            break
        student_page.wait_for_timeout(100)
    assert saved == question.answer


def test_a_nickname_chosen_in_settings_shows_on_the_leaderboard_with_how_points_work(
    student_page, alice, tinas_set, check_page
):
    question = tinas_set.questions.get(type="text")
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, types=["text"])
    attempts.save_answer(user=alice, attempt_id=attempt.pk, question_id=question.pk, answer=question.answer)
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)
    student_page.goto(f"/sets/{tinas_set.pk}/")
    expect(student_page.get_by_role("link", name="Choose a nickname")).to_be_visible()

    student_page.get_by_role("link", name="Choose a nickname").click()
    student_page.get_by_label("Nickname").fill("<b>Kid</b>")
    student_page.get_by_role("button", name="Save").click()
    expect(student_page.locator("#id_nickname_error")).to_contain_text("letters, digits, spaces")
    check_page(student_page, "settings-nickname-error")
    student_page.get_by_label("Nickname").fill("Kermanshah Kid")
    student_page.get_by_role("button", name="Save").click()
    expect(student_page.get_by_role("status")).to_contain_text("Your settings are saved.")

    student_page.goto(f"/sets/{tinas_set.pk}/")
    expect(student_page.locator("tr.me")).to_contain_text("Kermanshah Kid (you)")
    summary = student_page.get_by_text("How points work")
    tab_to(student_page, summary)
    student_page.keyboard.press("Enter")
    expect(student_page.locator("details.help")).to_have_attribute("open", "")
    expect(student_page.locator("details.help")).to_contain_text("5 points for each right answer")
    check_page(student_page, "set-leaderboard")
