"""A week of a class in a real browser: a teacher makes a class and a class-only set, two
students join (one by code, one by the link), the teacher assigns a study target and a timed
quiz, one student does both and the other nothing, and the gradebook shows exactly that, on
the page and in its CSV."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

from factories import authored_set
from playwright.sync_api import expect
from steps import give_quiz_answer

from quizzes.models import Attempt, Question, SchoolClass


def new_page_as(browser, live_server, user, page_problems):
    """A browser of the user's own (the teacher's page stays logged in meanwhile)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
    )
    page = context.new_page()
    page_problems.watch(page)
    return page


def in_a_week() -> str:
    due = dt.datetime.now() + dt.timedelta(days=7)
    return due.strftime("%Y-%m-%dT%H:%M")


def test_a_week_of_a_class(
    teacher_page, tina, alice, bob, browser, live_server, page_problems, check_page, job_worker
):
    question_set = authored_set(owner=tina, title="The Majlis and its enemies", is_published=True)
    page = teacher_page

    # Monday: the teacher makes the class, and the set visible to its classes only.
    page.goto("/teach/classes/")
    page.get_by_label("Name").fill("History 8B")
    page.get_by_role("button", name="Create the class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History 8B")
    school_class = SchoolClass.objects.get(name="History 8B")
    link = page.locator("#join-link").inner_text()
    page.goto(f"/teach/sets/{question_set.pk}/edit/")
    page.get_by_label("Only the classes it is assigned to").check()
    page.get_by_role("button", name="Save").click()
    question_set.refresh_from_db()
    assert question_set.visibility == "class"

    # alice joins by the code, bob by the link.
    alices = new_page_as(browser, live_server, alice, page_problems)
    alices.goto("/classes/")
    alices.get_by_label("Code from your teacher").fill(school_class.join_code)
    alices.get_by_label("Code from your teacher").press("Enter")
    expect(alices.get_by_role("status")).to_contain_text("You are in “History 8B”")
    bobs = new_page_as(browser, live_server, bob, page_problems)
    bobs.goto(link)
    bobs.get_by_role("button", name=re.compile("^Join")).click()
    expect(bobs.get_by_role("status")).to_contain_text("History 8B")
    bobs.context.close()  # bob does nothing more this week
    assert set(school_class.members.values_list("username", flat=True)) == {"alice", "bob"}

    # The teacher assigns a study target and a timed quiz.
    page.goto(f"/teach/classes/{school_class.pk}/")
    page.get_by_role("link", name="New assignment").click()
    page.get_by_label("Set", exact=True).select_option(label=question_set.title)
    page.get_by_label("Study", exact=True).check()
    page.locator("#id_due_at").fill(in_a_week())
    page.get_by_label("A number of reviews").check()
    page.locator("#id_target_reviews").fill("2")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#assignment-list")).to_contain_text(question_set.title)
    page.get_by_role("link", name="New assignment").click()
    page.get_by_label("Set", exact=True).select_option(label=question_set.title)
    page.get_by_label("Quiz", exact=True).check()
    page.locator("#id_title").fill("Friday quiz")
    page.locator("#id_due_at").fill(in_a_week())
    page.locator("#id_size").fill("2")
    types = page.get_by_role("group", name=re.compile("^Types of question"))
    types.get_by_label("Multiple choice").check()
    types.get_by_label("True or false").check()
    page.locator("#id_minutes").fill("10")
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#assignment-list")).to_contain_text("Friday quiz")

    # alice does both: two reviews, then the quiz. bob does nothing.
    alices.goto("/")
    assigned = alices.locator("#assigned")
    expect(assigned).to_contain_text("Friday quiz")
    check_page(alices, "dashboard-assigned")
    assigned.get_by_role("link", name=re.compile("^Study")).click()
    for _ in range(2):
        expect(alices.locator("[data-phase=question]")).to_be_visible()
        alices.get_by_role("button", name=re.compile("^Show answer")).click()
        alices.locator("#study .grades").get_by_role("button", name=re.compile("^Good")).click()
        expect(alices.locator("[data-phase=feedback]")).to_have_count(0)
    alices.goto("/")
    alices.locator("#assigned").get_by_role("button", name=re.compile("^Start the quiz")).click()
    expect(alices).to_have_title(re.compile("Quiz"))
    quiz = Attempt.objects.get(user=alice, assignment__title="Friday quiz")
    assert quiz.deadline is not None and len(quiz.question_ids) == 2
    alices.goto(f"/quizzes/{quiz.pk}/?layout=all")
    for number, question_id in enumerate(quiz.question_ids, start=1):
        form = alices.locator(f"#question-{number}")
        give_quiz_answer(form, Question.objects.get(pk=question_id), right=True)
    alices.get_by_role("button", name="Submit the quiz").click()
    expect(alices).to_have_title(re.compile("^Quiz result"))
    alices.context.close()

    # The gradebook: bob, who has not started, first; alice done with both.
    page.goto(f"/teach/classes/{school_class.pk}/gradebook/")
    rows = page.locator("#gradebook tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("bob")
    expect(rows.nth(0)).to_contain_text("Not started")
    expect(rows.nth(1)).to_contain_text("alice")
    expect(rows.nth(1).locator("td").nth(0)).to_contain_text("Done")
    expect(rows.nth(1).locator("td").nth(1)).to_contain_text("Done")
    check_page(page, "teach-gradebook")
    # The file is built in the background: its page shows progress, then the download.
    page.get_by_role("button", name="Download as CSV").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Building a gradebook file")
    check_page(page, "job-waiting")
    with page.expect_download() as downloading:
        page.get_by_role("link", name=re.compile("^Download gradebook-")).click()
    text = Path(downloading.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:2] == ["name", "username"] and len(table[0]) == 4
    by_username = {row[1]: row for row in table[1:]}
    assert by_username["bob"][2:] == ["Not started", "Not started"]
    assert all(cell.startswith("Done") for cell in by_username["alice"][2:]), by_username["alice"]
