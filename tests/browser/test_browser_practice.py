"""Match and Timeline in a real browser: with the keyboard at a desktop, with taps on a
375 px touch screen; what is missed comes due in the study queue, the best time is kept,
and axe finds nothing serious on the way."""

import pytest
from playwright.sync_api import expect
from steps import tab_to

from quizzes.models import Card, PracticeRecord
from quizzes.selectors import practice
from quizzes.services import practice as practice_service

Mode = practice.Mode


@pytest.fixture(autouse=True)
def quick_hands(monkeypatch):
    """A test presses keys faster than anyone's hands: the floor on a round's time is off."""
    monkeypatch.setattr(practice_service, "MIN_MS_PER_PAIR", 0)


def match_key(page, user, question_set) -> tuple[str, dict[str, str]]:
    """The round on the page and its answer (left handle -> right handle), as the server reads it."""
    game = page.locator(".match-game")
    expect(game).to_be_visible()
    mode = Mode.MATCH_PEOPLE if game.get_attribute("data-with") == "people" else Mode.MATCH_DATES
    token = game.get_attribute("data-token")
    read = practice.read_round(user=user, question_set=question_set, mode=mode, token=token)
    right_of = {fact.pk: handle for handle, fact in read.right.items()}
    return mode, {handle: right_of[fact.pk] for handle, fact in read.left.items()}


def tile(page, handle):
    return page.locator(f'.match-tile[data-handle="{handle}"]')


def timeline_order(page, user, question_set) -> list[str]:
    token = page.locator("input[name=token]").input_value()
    read = practice.read_round(user=user, question_set=question_set, mode=Mode.TIMELINE, token=token)
    return sorted(read.left, key=lambda handle: practice.event_date(read.left[handle]).first_day)


def shown_handles(page) -> list[str]:
    return [item.input_value() for item in page.locator(".order-list input[name=item]").all()]


def test_match_with_the_keyboard(student_page, alice, bundled_set, check_page):
    page = student_page
    page.goto(f"/sets/{bundled_set.pk}/")
    tab_to(page, page.get_by_role("link", name="Match", exact=True))
    page.keyboard.press("Enter")
    mode, key = match_key(page, alice, bundled_set)
    expect(page.locator(".match-form")).to_be_hidden()  # the form without JavaScript gave way
    check_page(page, "practice-match")
    lefts = list(key)

    tab_to(page, tile(page, lefts[0]))  # a wrong pair first
    page.keyboard.press("Enter")
    expect(tile(page, lefts[0])).to_have_attribute("aria-pressed", "true")
    tab_to(page, tile(page, key[lefts[1]]))
    page.keyboard.press("Space")
    expect(page.locator(".match-status")).to_contain_text("Not a pair")
    expect(tile(page, lefts[0])).to_have_attribute("aria-pressed", "false")
    assert Card.objects.filter(user=alice, question_set=bundled_set).exists()  # the miss feeds the cards

    for left in lefts:
        tab_to(page, tile(page, left))
        page.keyboard.press("Enter")
        tab_to(page, tile(page, key[left]))
        page.keyboard.press("Enter")
        expect(tile(page, left)).to_be_disabled()

    done = page.get_by_role("heading", name="All matched")
    expect(done).to_be_focused()
    expect(page.locator(".match-board")).to_be_hidden()
    expect(page.locator(".match-done .match-time")).to_contain_text("a new best!")
    expect(page.locator(".match-done .pair-list li")).to_have_count(len(key))
    check_page(page, "practice-match-done")
    record = PracticeRecord.objects.get(user=alice, question_set=bundled_set, mode=mode)
    assert record.rounds == 1 and record.best_ms is not None
    page.get_by_role("link", name="Play again").click()
    expect(page.locator(".best-time")).to_contain_text("Your best:")


def test_match_with_taps_on_a_phone(phone_page, alice, bundled_set, check_page):
    page = phone_page(alice)
    page.goto(f"/sets/{bundled_set.pk}/match/?with=dates")
    mode, key = match_key(page, alice, bundled_set)
    assert mode == Mode.MATCH_DATES
    check_page(page, "practice-match-phone")

    for left, right in key.items():
        tile(page, right).tap()  # the right side first works too
        tile(page, left).tap()
        expect(tile(page, left)).to_be_disabled()

    expect(page.get_by_role("heading", name="All matched")).to_be_visible()
    assert PracticeRecord.objects.get(user=alice, question_set=bundled_set, mode=mode).rounds == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_timeline_with_the_keyboard(student_page, alice, bundled_set, check_page):
    page = student_page
    page.goto(f"/sets/{bundled_set.pk}/timeline/")
    expect(page.locator(".order-list[data-enhanced]")).to_be_visible()
    check_page(page, "practice-timeline")
    right = timeline_order(page, alice, bundled_set)

    for place, handle in enumerate(right):  # pick up, move up with the arrows, drop
        item = page.locator(f'.order-list li:has(input[value="{handle}"])')
        grip = item.locator(".order-handle")
        tab_to(page, grip)
        page.keyboard.press("Space")
        for _ in range(shown_handles(page).index(handle) - place):
            page.keyboard.press("ArrowUp")
        page.keyboard.press("Space")
        expect(grip).to_have_attribute("aria-pressed", "false")
    assert shown_handles(page) == right

    tab_to(page, page.get_by_role("button", name="Check the order"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=f"All {len(right)} in order")).to_be_visible()
    expect(page.locator(".timeline li.in-order")).to_have_count(len(right))
    check_page(page, "practice-timeline-done")
    assert not Card.objects.filter(user=alice).exists()


def test_timeline_with_taps_on_a_phone(phone_page, alice, bundled_set):
    page = phone_page(alice)
    page.goto(f"/sets/{bundled_set.pk}/timeline/")
    expect(page.locator(".order-list[data-enhanced]")).to_be_visible()
    right = timeline_order(page, alice, bundled_set)
    wanted = right[1:] + right[:1]  # all in order but the earliest, put last

    for place, handle in enumerate(wanted):
        name = page.locator(f'.order-list li:has(input[value="{handle}"])').get_attribute("data-label")
        while shown_handles(page).index(handle) > place:
            page.get_by_role("button", name=f"Move {name} up", exact=True).tap()
    assert shown_handles(page) == wanted
    page.get_by_role("button", name="Check the order").tap()

    expect(page.get_by_role("heading", name=f"{len(right) - 1} of {len(right)} in order")).to_be_visible()
    expect(page.locator(".timeline li.out-of-place")).to_have_count(1)
    expect(page.locator(".timeline li").first).to_have_class("out-of-place")
    assert Card.objects.filter(user=alice, question__event__isnull=False).exists()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
