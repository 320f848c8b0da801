"""The study loop in a real browser, with the keyboard at 1280 px and with taps on a 375 px
touch screen: a near miss and "I was right", studying ahead, putting in order, and a
session of the questions missed in a quiz (each test runs with DEBUG off and on)."""

import datetime as dt
import re

import pytest
from factories import generated_set
from playwright.sync_api import expect
from steps import card_on_screen, choice_key

from quizzes.models import Card, Question, Review
from quizzes.services import attempts
from quizzes.services.study import introduce_card


@pytest.fixture
def only_these_cards(alice):
    """`only_these_cards(question, ...)`: alice's cards of these questions, and no new card
    beyond them today, so the study page shows exactly these."""
    alice.new_cards_per_day = 0
    alice.save(update_fields=["new_cards_per_day"])

    def cards(*questions: Question) -> list[Card]:
        now = dt.datetime.now(dt.UTC)
        return [introduce_card(user=alice, question=question, now=now) for question in questions]

    return cards


@pytest.fixture
def names_set(transactional_db):
    """The small document's generated set: its places include Easttown and Westtown."""
    return generated_set()


def typed_place(question_set, answer: str) -> Question:
    return question_set.questions.get(type="text", kind="place", answer=answer)


def grade_bar_in_reach(page) -> None:
    """On a phone the grade buttons stand in the bottom bar, on screen without scrolling."""
    box = page.locator("#study .grades").bounding_box()
    viewport = page.viewport_size
    assert box is not None and box["y"] + box["height"] <= viewport["height"] + 1, box


def test_a_near_miss_then_i_was_right_with_the_keyboard(
    student_page, alice, names_set, only_these_cards, check_page
):
    easttown = typed_place(names_set, "Easttown")
    westtown = typed_place(names_set, "Westtown")
    only_these_cards(easttown, westtown)
    page = student_page
    page.goto(f"/sets/{names_set.pk}/study/")

    for _ in range(2):
        expect(page.get_by_label("Your answer")).to_be_focused()  # the card has settled
        prompt = page.locator("#prompt").inner_text()
        if "eastern city" in prompt:
            page.keyboard.type("Eastown")  # the text box has the focus: one letter missing
            page.keyboard.press("Enter")
            expect(page.locator(".verdict")).to_contain_text("Right, though it is written Easttown.")
            expect(page.locator(".difference ins")).to_contain_text("t")
            page.keyboard.press("Space")  # Good
        else:
            page.keyboard.type("Westfort")  # wrong for the checker, and the student says they were right
            page.keyboard.press("Enter")
            expect(page.locator(".verdict")).to_contain_text("Not quite: you answered Westfort.")
            expect(page.get_by_text("Counted as Again, unless you were right")).to_be_visible()
            check_page(page, "study-i-was-right")
            page.keyboard.press("3")  # I was right: Good
        expect(page.locator("[data-phase=feedback]")).to_have_count(0)

    reviews = {review.card.question_id: review for review in Review.objects.select_related("card")}
    assert (reviews[easttown.pk].correct, reviews[easttown.pk].self_graded) == (True, False)
    assert (reviews[westtown.pk].correct, reviews[westtown.pk].self_graded) == (True, True)
    assert reviews[westtown.pk].rating == 3


def test_a_wrong_typed_answer_then_again_by_taps_on_a_phone(phone_page, alice, names_set, only_these_cards):
    easttown = typed_place(names_set, "Easttown")
    only_these_cards(easttown)
    page = phone_page(alice)
    page.goto(f"/sets/{names_set.pk}/study/")

    page.get_by_label("Your answer").fill("Westown")  # a slip that lands on another place
    page.get_by_role("button", name="Check").tap()

    expect(page.locator(".verdict")).to_contain_text("Not quite")
    expect(page.locator("#study kbd").first).to_be_hidden()  # no key hints on a touch screen
    grade_bar_in_reach(page)
    page.locator("#study .grades").get_by_role("button", name=re.compile("^Again")).tap()

    expect(page.locator("[data-phase=feedback]")).to_have_count(0)
    review = Review.objects.get()
    assert (review.rating, review.correct, review.answer) == (1, False, "Westown")


def test_feedback_keeps_the_choices_marking_the_pick_and_the_right_one_on_a_phone(
    phone_page, alice, names_set, only_these_cards
):
    question = names_set.questions.filter(type="choice").order_by("pk").first()
    only_these_cards(question)
    page = phone_page(alice)
    page.goto(f"/sets/{names_set.pk}/study/")
    wrong = next(choice.text for choice in question.choices.all() if choice.text != question.answer)

    page.get_by_role("radio", name=wrong, exact=True).tap()
    page.get_by_role("button", name="Check").tap()

    marked = page.locator(".choices.marked")
    expect(marked.locator("li.wrong")).to_contain_text(f"{wrong} ✗ your pick")
    expect(marked.locator("li.right")).to_contain_text(f"{question.answer} ✓ right answer")
    expect(marked.locator("li")).to_have_count(question.choices.count())


def learning(card: Card, *, due_in: dt.timedelta) -> None:
    now = dt.datetime.now(dt.UTC)
    Card.objects.filter(pk=card.pk).update(
        state=Card.State.LEARNING, step=1, stability=1, difficulty=5, due=now + due_in,
        last_review=now - dt.timedelta(minutes=1), reps=1,
    )  # fmt: skip


def test_studying_ahead_with_the_keyboard(student_page, alice, names_set, only_these_cards):
    [card] = only_these_cards(typed_place(names_set, "Easttown"))
    learning(card, due_in=dt.timedelta(minutes=5))
    page = student_page
    page.goto(f"/sets/{names_set.pk}/study/")

    expect(page.locator(".ahead-note")).to_contain_text("Studying ahead: nothing else is due")
    page.keyboard.type("Easttown")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_contain_text("Right.")
    page.keyboard.press("Space")

    expect(page.get_by_role("heading", name="All done for now")).to_be_visible()
    review = Review.objects.get()
    assert review.correct and review.points == 0  # not due yet: no points


def test_study_ahead_anyway_by_a_tap_on_a_phone(phone_page, alice, names_set, only_these_cards):
    [card] = only_these_cards(typed_place(names_set, "Easttown"))
    learning(card, due_in=dt.timedelta(hours=1))
    page = phone_page(alice)
    page.goto(f"/sets/{names_set.pk}/study/")

    expect(page.get_by_role("heading", name="All done for now")).to_be_visible()
    expect(page.get_by_role("timer")).to_contain_text("59 minutes")
    page.get_by_role("link", name="Study ahead anyway").tap()

    expect(page.locator(".ahead-note")).to_contain_text("Studying ahead")
    assert page.locator("[data-phase=question] input[name=card]").input_value() == str(card.pk)


def order_question(question_set) -> Question:
    return question_set.questions.filter(type="order").order_by("pk").first()


def shown_order(page) -> list[str]:
    return [item.input_value() for item in page.locator("#study input[name=item]").all()]


def test_putting_in_order_with_the_keyboard(student_page, alice, names_set, only_these_cards):
    question = order_question(names_set)
    only_these_cards(question)
    page = student_page
    page.goto(f"/sets/{names_set.pk}/study/")

    # Pick each item up by its handle, move it with the arrows to its place, drop it.
    for place, wanted in enumerate(question.answer):
        handle = page.get_by_role("button", name=f"Move {wanted}", exact=True)
        handle.focus()
        page.keyboard.press("Space")
        for _ in range(shown_order(page).index(wanted) - place):
            page.keyboard.press("ArrowUp")
        page.keyboard.press("Space")
        assert shown_order(page)[place] == wanted
    page.get_by_role("button", name="Check").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".verdict")).to_contain_text("Right.")


def test_putting_in_order_by_taps_on_a_phone(phone_page, alice, names_set, only_these_cards):
    question = order_question(names_set)
    only_these_cards(question)
    page = phone_page(alice)
    page.goto(f"/sets/{names_set.pk}/study/")

    for place, wanted in enumerate(question.answer):
        while shown_order(page).index(wanted) > place:
            page.get_by_role("button", name=f"Move {wanted} up", exact=True).tap()
    positions = [select.input_value() for select in page.locator("#study select[name=position]").all()]
    assert positions == [str(n) for n in range(1, len(question.answer) + 1)]  # always a valid order
    page.get_by_role("button", name="Check").tap()

    expect(page.locator(".verdict")).to_contain_text("Right.")
    grade_bar_in_reach(page)


def missed_quiz(alice, question_set):
    """A submitted quiz of alice's on two choice questions, both missed (left unanswered)."""
    attempt = attempts.start_quiz(user=alice, question_set=question_set, size=2, types=["choice"])
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)
    return attempt


def test_studying_the_questions_missed_by_taps_on_a_phone(phone_page, alice, names_set):
    attempt = missed_quiz(alice, names_set)
    page = phone_page(alice)
    page.goto(f"/quizzes/{attempt.pk}/")

    page.get_by_role("button", name="Study the ones you missed (2)").tap()
    for left in (2, 1):
        expect(page.locator(".missed-note")).to_contain_text(f"{left} to go")
        question = card_on_screen(page).question
        assert question.pk in attempt.question_ids
        page.get_by_role("radio", name=question.answer, exact=True).tap()
        page.get_by_role("button", name="Check").tap()
        page.locator("#study .grades").get_by_role("button", name=re.compile("^Good")).tap()

    expect(page.get_by_role("heading", name="That is every question you missed")).to_be_visible()


def test_studying_the_questions_missed_with_the_keyboard(student_page, alice, names_set, check_page):
    attempt = missed_quiz(alice, names_set)
    page = student_page
    page.goto(f"/quizzes/{attempt.pk}/")

    page.get_by_role("button", name="Study the ones you missed (2)").focus()
    # The study page's keys work once its deferred script has run: wait for its load, not
    # only for its first card to show (on a busy machine the first key came too early).
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(2):
        expect(page.locator(".missed-note")).to_be_visible()
        page.keyboard.press(choice_key(page, card_on_screen(page).question, right=True))
        page.keyboard.press("Enter")
        expect(page.locator(".verdict")).to_contain_text("Right.")
        page.keyboard.press("Space")
        expect(page.locator("[data-phase=feedback]")).to_have_count(0)

    expect(page.get_by_role("heading", name="That is every question you missed")).to_be_visible()
    check_page(page, "study-missed-done")
