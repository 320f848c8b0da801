"""Classes in a real browser: a teacher creates one, a student joins by its code with the
keyboard alone, another by its link on a phone."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect
from steps import tab_to

from quizzes.models import SchoolClass


def logged_in_context_page(browser, live_server, user, page_problems):
    """A page in a browser context of its own (the teacher's stays logged in), as `user`."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, locale="en-GB"
    )
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )
    page = context.new_page()
    page_problems.watch(page)
    return page


def test_a_teacher_creates_a_class_and_students_join_by_code_and_by_link(
    teacher_page, browser, live_server, page_problems, alice, bob, phone_page, check_page
):
    page = teacher_page
    page.goto("/teach/")
    page.get_by_role("link", name="My classes").click()
    check_page(page, "teach-classes")
    page.get_by_label("Name").fill("History 7A")
    page.get_by_role("button", name="Create the class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History 7A")
    school_class = SchoolClass.objects.get(name="History 7A")
    expect(page.locator("#join-code")).to_have_text(school_class.join_code)
    link = page.locator("#join-link").inner_text()
    assert link.endswith(f"/join/{school_class.join_code}/")

    # alice types the code, in small letters and without the dash, with the keyboard alone.
    student_page = logged_in_context_page(browser, live_server, alice, page_problems)
    student_page.goto("/")
    student_page.get_by_role("link", name="Classes", exact=True).click()
    code_field = student_page.get_by_label("Code from your teacher")
    tab_to(student_page, code_field)
    student_page.keyboard.type(school_class.join_code.lower().replace("-", ""))
    student_page.keyboard.press("Enter")
    expect(student_page.get_by_role("status")).to_contain_text("You are in “History 7A”")
    expect(student_page.get_by_role("heading", name="History 7A")).to_be_visible()
    check_page(student_page, "student-classes")
    student_page.context.close()

    # bob opens the link on a phone.
    phone = phone_page(bob)
    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("History 7A")
    expect(phone.get_by_text("Teacher: tina")).to_be_visible()
    check_page(phone, "join-link")
    phone.get_by_role("button", name="Join the class").tap()
    expect(phone.get_by_role("status")).to_contain_text("You are in “History 7A”")

    page.reload()
    members = page.locator("#members")
    expect(members.get_by_role("heading")).to_have_text("Students (2)")
    expect(members.get_by_role("button", name="Remove alice")).to_be_visible()
    expect(members.get_by_role("button", name="Remove bob")).to_be_visible()
    check_page(page, "teach-class")
