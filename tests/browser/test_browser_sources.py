"""A teacher's own material in a real browser: a pasted article of another subject is
drafted, corrected (a refused field first), generated, previewed, two questions excluded,
the set published, and a student studies it; and the spreadsheet template downloaded,
filled in and uploaded."""

import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from quizzes.models import ExcludedQuestion, QuestionSet, Review, Source

ARTICLE = (Path(__file__).resolve().parent.parent / "fixtures" / "meiji_restoration.txt").read_text()
# The README's pictures of these pages are copied from here (docs/images/teacher-source-*.png).
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def open_section(page, title: str) -> None:
    section = page.locator("details.fact-section").filter(
        has=page.get_by_role("heading", name=re.compile(title))
    )
    if section.get_attribute("open") is None:
        section.locator("summary").click()


def test_a_teacher_drafts_a_source_from_a_text_and_a_student_studies_its_set(
    teacher_page, tina, alice, logged_in_page, check_page, browser_context, job_worker
):
    page = teacher_page
    page.goto("/teach/")
    page.get_by_role("link", name="My sources").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My sources")
    page.get_by_role("link", name="New source").first.click()
    check_page(page, "teach-source-new")

    page.get_by_label("Title").first.fill("The Meiji Restoration")
    page.get_by_label("The text").fill(ARTICLE)
    page.get_by_role("button", name="Draft the facts").click()
    # Drafted in the background: the waiting page moves on to the draft by itself.
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$|/teach/sources/new/\?draft="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the draft")
    assert not Source.objects.exists()  # nothing saved until the teacher saves

    # A correction the validator refuses, shown beside its field; then the right one.
    open_section(page, "People")
    side = page.locator("[name=people-0-side]")
    side.fill("nobody")
    page.get_by_label("Role").first.fill("leader of the imperial army")
    page.get_by_role("button", name="Save the source").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved: 1 problem to fix")
    expect(page.locator("#people-0-side-error-1")).to_have_text('"nobody" is not a side id')
    expect(page.locator("[name=people-0-side]")).to_have_attribute("aria-invalid", "true")
    check_page(page, "teach-source-editor-errors")
    page.locator("[name=people-0-side]").fill("unsorted")
    page.get_by_role("button", name="Save the source").click()
    expect(page.locator(".messages")).to_contain_text("Saved “The Meiji Restoration”")
    source = Source.objects.get(owner=tina)
    assert source.people.order_by("pk").first().role == "leader of the imperial army"
    page.screenshot(path=SCREENSHOTS / "teacher-source-editor.png")

    page.goto("/teach/sources/")
    page.get_by_role("button", name=re.compile("^Generate questions")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Questions of")
    check_page(page, "teach-source-preview")
    page.screenshot(path=SCREENSHOTS / "teacher-source-preview.png")
    for _ in range(2):
        page.locator(".preview-question").first.get_by_role("button", name=re.compile("^Exclude")).click()
        expect(page.locator(".messages")).to_contain_text("Excluded")
    question_set = QuestionSet.objects.get(source=source)
    assert ExcludedQuestion.objects.filter(question_set=question_set).count() == 2
    expect(page.get_by_role("heading", name="Excluded (2)")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Publish")).click()
    expect(page.locator(".publish-form .state")).to_have_text("Published")

    # A student finds the set on their dashboard and studies a card of it.
    browser_context.clear_cookies()
    student = logged_in_page(alice)
    student.goto("/")
    student.get_by_role("link", name="Study The Meiji Restoration").click()
    expect(student.locator("[data-phase=question]")).to_be_visible()
    student.get_by_role("button", name=re.compile("^Show answer")).click()
    student.locator("#study .grades").get_by_role("button", name=re.compile("^Good")).click()
    expect(student.locator("[data-phase=feedback]")).to_have_count(0)
    assert Review.objects.filter(user=alice, card__question__question_set=question_set).count() == 1


def test_the_spreadsheet_template_is_downloaded_filled_in_and_uploaded(teacher_page, tina, tmp_path):
    page = teacher_page
    page.goto("/teach/sources/new/")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download the spreadsheet template").click()
    template = tmp_path / "template.xlsx"
    downloading.value.save_as(template)

    workbook = openpyxl.load_workbook(template)
    source_sheet = workbook["Source"]
    for row in source_sheet.iter_rows(min_row=2):
        if row[0].value == "title":
            row[1].value = "My class's Hanseatic League"
        if row[0].value == "slug":
            row[1].value = "my-hansa"
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)

    page.get_by_label("File", exact=True).set_input_files(str(filled))
    page.get_by_role("button", name="Upload").click()

    expect(page.locator(".messages")).to_contain_text("from the file")
    source = Source.objects.get(owner=tina)
    assert (source.title, source.slug) == ("My class's Hanseatic League", "my-hansa")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download spreadsheet").click()
    again = openpyxl.load_workbook(io.BytesIO(Path(downloading.value.path()).read_bytes()))
    assert "My class's Hanseatic League" in [
        cell.value for row in again["Source"].iter_rows() for cell in row
    ]
