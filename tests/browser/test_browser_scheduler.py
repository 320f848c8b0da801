"""The progress page's "Your scheduler" in a real browser: the held-out numbers of a student's
own parameters, readable and accessible on a desktop and at 375 px."""

from fitting_helpers import simulated_student
from playwright.sync_api import expect

from quizzes.services import scheduler_fits


def test_a_student_sees_how_much_better_their_own_parameters_predict_them(
    transactional_db, student_page, alice, question_set, check_page
):
    simulated_student(alice, question_set)
    student_page.goto("/progress/")
    expect(student_page.get_by_role("status")).to_contain_text("Queued to be fitted")
    fit = scheduler_fits.run_fit(user_id=alice.pk)

    student_page.reload()

    scheduler = student_page.get_by_role("region", name="Your scheduler")
    expect(scheduler).to_contain_text(f"{fit.log_loss_better_percent:.1f}% better")
    expect(scheduler.get_by_role("row", name="Log loss")).to_contain_text(f"{fit.fitted_log_loss:.3f}")
    expect(scheduler.get_by_role("row", name="RMSE")).to_contain_text(f"{fit.default_rmse:.3f}")
    check_page(student_page, "progress-scheduler")
