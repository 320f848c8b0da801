"""Long Persian and Cyrillic names on a phone, every answer type with the keyboard alone."""

import re
import zoneinfo

from playwright.sync_api import expect
from steps import card_on_screen, grade_with_key, tab_to

from quizzes.models import Card, Review
from quizzes.services import authoring

PHONE = {"width": 375, "height": 740}
TITLE = "Русское вмешательство в Персидскую конституционную революцию — مداخله روسیه در انقلاب مشروطه"
QUESTIONS = [
    {
        "kind": "person",
        "type": "choice",
        "prompt": "Кто командовал Персидской казачьей бригадой во время переворота 1908 года?",
        "answer": "Владимир Платонович Ляхов (ولادیمیر لیاخوف)",
        "choices": [
            "Владимир Платонович Ляхов (ولادیمیر لیاخوف)",
            "Николай Николаевич Юденич (نیکولای یودنیچ)",
            "Иларион Иванович Воронцов-Дашков (ایلاریون ورونتسوف-داشکوف)",
            "میرزا علی‌اصغرخان امین‌السلطان اتابک اعظم",
        ],
    },
    {
        "kind": "person",
        "type": "text",
        "prompt": "سردار ملی که از تبریز دفاع کرد که بود؟",
        "answer": "Sattar Khan",
        "accepted_answers": ["ستارخان", "Саттар-хан"],
    },
    {
        "kind": "date",
        "type": "order",
        "prompt": "Расставьте события по порядку.",
        "answer": [
            "به توپ بستن مجلس شورای ملی به دستور محمدعلی شاه قاجار",
            "Занятие Тебриза русскими войсками генерала Снарского",
            "Ультиматум Российской империи и роспуск Второго меджлиса",
        ],
        "choices": [
            "به توپ بستن مجلس شورای ملی به دستور محمدعلی شاه قاجار",
            "Занятие Тебриза русскими войсками генерала Снарского",
            "Ультиматум Российской империи и роспуск Второго меджлиса",
        ],
    },
    {
        "kind": "place",
        "type": "true_false",
        "prompt": "Бандар-Анзали (بندر انزلی) — порт на Каспийском море.",
        "answer": True,
    },
]


def test_every_answer_type_with_the_keyboard_on_a_phone_with_long_names(
    student_page, alice, tina, check_page, settings
):
    settings.LEARN_AHEAD_MINUTES = 0  # so the cards just learnt leave "All done" to be seen
    alice.time_zone = "Asia/Tehran"
    alice.save()
    question_set = authoring.create_set(owner=tina, title=TITLE, is_published=True)
    for fields in QUESTIONS:
        authoring.create_question(question_set=question_set, fields=fields)
    page = student_page
    page.set_viewport_size(PHONE)
    page.goto("/")
    check_page(page, "dashboard-long-names")
    tab_to(page, page.get_by_role("link", name=f"Study {TITLE}"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/study/$"))  # and its scripts, so the keys work

    # A choice with none picked: Enter shows the answer, to grade by hand.
    question = card_on_screen(page).question
    page.keyboard.press("Enter")
    expect(page.locator("[data-phase=feedback] .answer")).to_contain_text(question.answer)
    expect(page.locator(".verdict")).to_have_count(0)
    check_page(page, "study-long-names-feedback")
    grade_with_key(page, "3")

    # Typed: an accepted spelling in Persian script.
    expect(page.get_by_label("Your answer")).to_be_focused()
    page.keyboard.type("ستارخان")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_have_text(re.compile("Right"))
    grade_with_key(page, " ")

    # Order, by keyboard: each item's handle picks it up (Space), the arrows move it, Space
    # drops it; every move keeps one item per place, so nothing can be refused.
    card = card_on_screen(page)
    expect(page.locator("select[name=position]").first).to_be_hidden()
    check_page(page, "study-order")
    for place, wanted in enumerate(card.question.answer):
        handle = page.get_by_role("button", name=f"Move {wanted}", exact=True)
        tab_to(page, handle)
        page.keyboard.press(" ")
        expect(handle).to_have_attribute("aria-pressed", "true")
        now = [item.input_value() for item in page.locator("input[name=item]").all()].index(wanted)
        for _ in range(now - place):
            page.keyboard.press("ArrowUp")
        page.keyboard.press(" ")
        expect(page.locator(".order-status")).to_contain_text(f"{wanted}, place {place + 1} of 3")
    tab_to(page, page.get_by_role("button", name="Check"))
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_have_text(re.compile("Right"))
    grade_with_key(page, "4")

    # True or false: 1 is True.
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    expect(page.locator(".verdict")).to_have_text(re.compile("Right"))
    grade_with_key(page, "Enter")

    done = page.get_by_role("heading", name="All done for now")
    expect(done).to_be_visible()
    next_due = Card.objects.filter(user=alice).order_by("due").first().due
    expect(page.locator(".done time")).to_contain_text(
        next_due.astimezone(zoneinfo.ZoneInfo("Asia/Tehran")).strftime("%H:%M")
    )
    check_page(page, "study-done")
    page.get_by_role("link", name="See your progress").click()
    expect(page).to_have_title(re.compile("^Progress"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    ratings = list(Review.objects.filter(user=alice).order_by("reviewed_at").values_list("rating", "correct"))
    assert ratings == [(3, True), (3, True), (4, True), (3, True)]
