"""The student sees their scheduler on the progress page and at GET /api/study/scheduler/: how
many reviews until it is fitted to them, a fit queued or running, and then how much better
their own parameters predict their held-out reviews than FSRS's defaults, or that the
defaults were kept."""

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import api_client_for
from fitting_helpers import simulated_student

from accounts.models import User
from quizzes import fitting
from quizzes.models import SchedulerFit
from quizzes.scheduling import DEFAULT_PARAMETERS
from quizzes.services import scheduler_fits

pytestmark = pytest.mark.django_db


def section(response) -> str:
    """The page's "Your scheduler" section, as text."""
    assert response.status_code == 200
    html = response.text
    return html[html.index('id="scheduler"') : html.index("</section>", html.index('id="scheduler"'))]


def test_before_the_threshold_the_page_counts_the_reviews_to_go(student, alice, question_set, settings):
    simulated_student(alice, question_set, cards=12, days=12)
    count = alice.reviews.count()

    shown = section(student.get("/progress/"))

    assert "Your scheduler" in shown
    to_go = settings.FSRS_FIT_MIN_REVIEWS - count
    assert f"{to_go} more reviews" in shown and f"({count} of {settings.FSRS_FIT_MIN_REVIEWS})" in shown
    assert not SchedulerFit.objects.exists()


def test_the_section_is_shown_once_after_the_rest_of_the_page(student, alice):
    html = student.get("/progress/").text

    assert html.count('id="scheduler"') == 1
    assert html.index('id="mastery-title"') < html.index('id="scheduler"')
    title = html[html.index("<title>") : html.index("</title>")]
    assert "Progress" in title and "scheduler" not in title


def test_crossing_the_threshold_the_page_says_the_fit_is_queued_then_running(student, alice, question_set):
    simulated_student(alice, question_set)

    queued = section(student.get("/progress/"))
    SchedulerFit.objects.update(status="running")
    running = section(student.get("/progress/"))

    assert "Queued to be fitted to your reviews" in queued
    assert "Being fitted to your reviews now" in running
    assert SchedulerFit.objects.count() == 1


def test_after_the_fit_the_page_shows_its_held_out_numbers(student, alice, question_set):
    simulated_student(alice, question_set)
    student.get("/progress/")
    fit = scheduler_fits.run_fit(user_id=alice.pk)

    shown = section(student.get("/progress/"))

    assert "Your cards are scheduled with <strong>parameters fitted to you" in shown
    assert f"{fit.log_loss_better_percent:.1f}% better" in shown
    assert f"first {fit.train_reviews} of {fit.reviews} reviews" in shown
    assert f"the {fit.held_out_reviews} later reviews" in shown
    for number in (fit.default_log_loss, fit.fitted_log_loss, fit.default_rmse, fit.fitted_rmse):
        assert f"{number:.3f}" in shown
    assert "Queued" not in shown


def test_a_fit_no_better_says_the_defaults_were_kept(student, alice, question_set, monkeypatch):
    simulated_student(alice, question_set)
    monkeypatch.setattr(fitting, "fitted_parameters", lambda reviews: (100.0,) * 4 + DEFAULT_PARAMETERS[4:])
    student.get("/progress/")
    fit = scheduler_fits.run_fit(user_id=alice.pk)

    shown = section(student.get("/progress/"))

    assert not fit.adopted
    assert "kept the defaults" in shown and "Your cards are scheduled with" not in shown
    assert fit.log_loss_compared.endswith("% worse") and fit.log_loss_compared in shown
    assert f"{fit.default_log_loss:.3f}" in shown and f"{fit.fitted_log_loss:.3f}" in shown


def test_the_api_shows_the_scheduler_and_its_last_fit(alice, question_set):
    simulated_student(alice, question_set)
    client = api_client_for(alice)
    queued = client.get("/api/study/scheduler/").json()
    fit = scheduler_fits.run_fit(user_id=alice.pk)
    client.force_authenticate(User.objects.get(pk=alice.pk))

    body = client.get("/api/study/scheduler/").json()

    assert queued["pending"]["status"] == "queued" and queued["latest_fit"] is None
    assert queued["personal"] is False and queued["parameters"] is None
    assert body["personal"] is True and body["parameters"] == pytest.approx(fit.parameters)
    assert body["pending"] is None and body["reviews_to_go"] == 0
    latest = body["latest_fit"]
    assert latest["adopted"] is True and latest["held_out_reviews"] == fit.held_out_reviews
    assert latest["fitted_log_loss"] == pytest.approx(fit.fitted_log_loss)
    assert latest["default_rmse"] == pytest.approx(fit.default_rmse)
    assert latest["log_loss_better_percent"] > 0


def test_the_api_counts_the_reviews_to_go_for_a_new_student(alice):
    body = api_client_for(alice).get("/api/study/scheduler/").json()

    assert body == {
        "personal": False,
        "parameters": None,
        "reviews": 0,
        "min_reviews": 400,
        "reviews_to_go": 400,
        "pending": None,
        "latest_fit": None,
    }


def test_the_api_needs_a_login():
    assert api_client_for(None).get("/api/study/scheduler/").status_code == 401


def test_the_admin_lists_the_fits_read_only(client, alice, question_set):
    simulated_student(alice, question_set)
    scheduler_fits.scheduler_status(user=alice, now=timezone.now())
    fit = scheduler_fits.run_fit(user_id=alice.pk)
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "a-long-pw-1", role="admin"))

    listed = client.get(reverse("admin:quizzes_schedulerfit_changelist"))
    opened = client.get(reverse("admin:quizzes_schedulerfit_change", args=[fit.pk]))

    assert listed.status_code == 200 and "alice" in listed.text
    assert opened.status_code == 200 and 'name="_save"' not in opened.text
    assert client.get(reverse("admin:quizzes_schedulerfit_add")).status_code == 403
