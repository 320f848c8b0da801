"""What a person does in the browser, shared by the scenarios: move with Tab, answer a question."""

from playwright.sync_api import expect

from quizzes.models import Card, Question

MAX_TABS = 40


def tab_to(page, target) -> None:
    """Press Tab until `target` (a locator) has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {target}")


def card_on_screen(page) -> Card:
    """The card the study page asks about now."""
    card_id = page.locator("[data-phase=question] input[name=card]").input_value()
    return Card.objects.select_related("question").get(pk=card_id)


def choice_key(page, question: Question, *, right: bool) -> str:
    """The number key of the right choice (or of a wrong one) as the page numbers them."""
    for choice in page.locator("[data-phase=question] input[data-key]").all():
        value = choice.get_attribute("value")
        is_right = (
            value == str(question.answer).lower()
            if question.type == "true_false"
            else value == question.answer
        )
        if is_right == right:
            return choice.get_attribute("data-key")
    raise AssertionError(f"no {'right' if right else 'wrong'} choice on the page for {question}")


def give_quiz_answer(form, question: Question, *, right: bool) -> None:
    """Answer one quiz question in its form (right or wrong) and wait until it is saved. Choices
    are found by their accessible name, as a screen reader says it: without the key hints."""
    if question.type == "text":
        form.get_by_label("Your answer").fill(question.answer if right else "Certainly not this")
    elif question.type == "true_false":
        form.get_by_role("radio", name="True" if question.answer == right else "False", exact=True).check()
    elif question.type == "choice":
        wrong = [choice.text for choice in question.choices.all() if choice.text != question.answer]
        form.get_by_role("radio", name=question.answer if right else wrong[0], exact=True).check()
    else:  # by the items' up buttons (static/js/order.js), as on a phone
        order = question.answer if right else list(reversed(question.answer))
        for place, item in enumerate(order):
            while [i.input_value() for i in form.locator("input[name=item]").all()].index(item) > place:
                form.get_by_role("button", name=f"Move {item} up", exact=True).click()
        form.locator("select[name=position]").first.dispatch_event("change")  # saved even if shown so
    expect(form.locator(".save-status")).to_have_text("Saved.")


def grade_with_key(page, key: str) -> None:
    """Grade the card on screen with a key press, and wait for the next step to replace it."""
    expect(page.locator("[data-phase=feedback]")).to_be_visible()
    page.keyboard.press(key)
    expect(page.locator("[data-phase=feedback]")).to_have_count(0)
