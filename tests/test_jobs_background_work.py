"""Long work runs in the background worker, not in the request (services.jobs): drafting a
source from a text, generating a source's questions, building a gradebook's CSV file. The
request answers at once with the job's waiting page (or a 202 in the API); the page shows
progress and then the result. Only the owner sees a job. Against PostgreSQL, with the real
queue and worker."""

import csv
import datetime as dt
import io
import uuid
from pathlib import Path

import psycopg2
import pytest
from assignment_helpers import make_class
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from factories import api_client_for, fact_document, make_user
from job_helpers import JOBS_DB, run_worker

from quizzes.models import Job, QuestionSet, Source
from quizzes.services import assignments, jobs, sources
from quizzes.transfer.gradebook_csv import gradebook_csv

pytestmark = JOBS_DB

ARTICLE = (Path(__file__).resolve().parent / "fixtures" / "hanseatic_league.txt").read_text()[:6000]


def htmx_get(client, url):
    return client.get(url, headers={"HX-Request": "true"})


def test_a_draft_is_queued_and_its_page_waits_then_opens_the_draft_unsaved(teacher, tina):
    posted = teacher.post("/teach/sources/new/", {"action": "draft", "title": "The Hanse", "text": ARTICLE})

    job = Job.objects.get()
    assert posted.status_code == 302 and posted.url == f"/jobs/{job.pk}/"
    assert (job.owner, job.kind, job.status) == (tina, Job.Kind.DRAFT, Job.Status.QUEUED)
    waiting = teacher.get(posted.url).content.decode()
    assert "Waiting for its turn" in waiting and '<meta http-equiv="refresh"' in waiting
    assert 'hx-trigger="every 1s"' in waiting

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.done > 0 and job.result["source"]["title"] == "The Hanse"
    done = teacher.get(posted.url).content.decode()
    assert "Open the draft" in done and "refresh" not in done and "every 1s" not in done
    redirect = htmx_get(teacher, posted.url)
    assert redirect.status_code == 204 and redirect["HX-Redirect"] == f"/teach/sources/new/?draft={job.pk}"
    editor = teacher.get(redirect["HX-Redirect"])
    assert editor.status_code == 200 and editor.context["drafted"] is True
    assert "Check the draft" in editor.content.decode()
    assert not Source.objects.exists()  # nothing saved until the teacher saves


def test_a_text_that_cannot_be_drafted_fails_with_its_reason(teacher):
    posted = teacher.post("/teach/sources/new/", {"action": "draft", "title": "Headings", "text": "== A =="})

    run_worker()

    job = Job.objects.get()
    assert (job.status, job.error) == (Job.Status.FAILED, "The text holds no sentences.")
    page = teacher.get(posted.url).content.decode()
    assert "The text holds no sentences." in page and "Try another text" in page
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # a refusal is not a crash: not retried


def test_what_can_be_told_at_once_is_a_400_on_the_form_and_queues_nothing(teacher):
    refused = teacher.post("/teach/sources/new/", {"action": "draft", "title": "", "text": ARTICLE})

    assert refused.status_code == 400 and refused.context["draft_error"] == "A draft needs a title."
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_generating_is_queued_and_the_page_then_goes_to_the_questions(teacher, own_source):
    posted = teacher.post(f"/teach/sources/{own_source.pk}/generate/")

    job = Job.objects.get()
    assert posted.url == f"/jobs/{job.pk}/" and not QuestionSet.objects.filter(source=own_source).exists()

    run_worker()

    job.refresh_from_db()
    question_set = QuestionSet.objects.get(source=own_source)
    assert job.status == Job.Status.DONE
    assert (
        job.result["set"] == question_set.pk and job.result["created"] == question_set.questions.count() > 0
    )
    redirect = htmx_get(teacher, posted.url)
    assert redirect["HX-Redirect"] == f"/teach/sources/{own_source.pk}/questions/"
    preview = teacher.get(redirect["HX-Redirect"]).content.decode()
    assert f"{job.result['created']} created" in preview  # the counts, as a message


def test_the_gradebook_file_is_built_in_the_background_and_downloaded_from_its_page(teacher, tina, alice):
    seventh = make_class(tina, alice)
    posted = teacher.post(f"/teach/classes/{seventh.pk}/gradebook/file/")
    job = Job.objects.get()
    assert teacher.get(f"/jobs/{job.pk}/file/").status_code == 404  # not built yet

    run_worker()

    page = teacher.get(posted.url).content.decode()
    assert f'href="/jobs/{job.pk}/file/"' in page
    download = teacher.get(f"/jobs/{job.pk}/file/")
    expected = gradebook_csv(assignments.class_gradebook(school_class=seventh, now=timezone.now()))
    assert download.content == expected.content and download["Content-Type"] == expected.content_type
    assert f'filename="{expected.filename}"' in download["Content-Disposition"]
    assert list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))[1][1] == "alice"


def test_another_persons_job_is_a_404_everywhere(client, tina, tom, own_source):
    job = jobs.queue_generation(owner=tina, source=own_source)
    run_worker()
    client.force_login(tom)

    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404
    assert api_client_for(tom).get(f"/api/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{uuid.uuid4()}/").status_code == 404


def test_one_person_may_have_three_unfinished_jobs_and_others_are_not_held(teacher, tina, tom, own_source):
    for _ in range(jobs.MAX_UNFINISHED):
        jobs.queue_generation(owner=tina, source=own_source)

    refused = teacher.post(f"/teach/sources/{own_source.pk}/generate/", follow=True)
    api = api_client_for(tina).post(
        f"/api/sources/{own_source.pk}/generate/", headers={"Prefer": "respond-async"}
    )

    assert "wait for one of them to finish" in refused.content.decode()
    assert api.status_code == 429 and "wait for one of them" in api.json()["detail"]
    assert Job.objects.filter(owner=tina).count() == jobs.MAX_UNFINISHED
    toms = sources.create_source(owner=tom, document=fact_document())
    assert jobs.queue_generation(owner=tom, source=toms).status == Job.Status.QUEUED


def test_the_api_answers_202_when_asked_and_the_job_then_holds_what_the_200_would(tina, own_source):
    api = api_client_for(tina)

    accepted = api.post(f"/api/sources/{own_source.pk}/generate/", headers={"Prefer": "respond-async"})

    assert accepted.status_code == 202 and accepted["Preference-Applied"] == "respond-async"
    body = accepted.json()
    assert accepted["Location"] == f"/api/jobs/{body['id']}/"
    assert (body["kind"], body["status"], body["result"]) == ("generate", "queued", None)
    run_worker()
    done = api.get(accepted["Location"]).json()
    assert done["status"] == "done" and done["progress"]["done"] == done["progress"]["total"] > 0
    again = api.post(f"/api/sources/{own_source.pk}/generate/")  # without the header: as the contract says
    assert again.status_code == 200
    assert (
        done["result"]["set"] == again.json()["set"]
        and done["result"]["created"] == again.json()["unchanged"]
    )


def test_the_api_drafts_in_the_background_too_and_checks_the_input_first(tina):
    api = api_client_for(tina)
    prefer = {"Prefer": "respond-async"}

    refused = api.post(
        "/api/sources/draft/", {"title": "The Hanse", "text": " "}, format="json", headers=prefer
    )
    accepted = api.post(
        "/api/sources/draft/", {"title": "The Hanse", "text": ARTICLE}, format="json", headers=prefer
    )
    run_worker()

    assert refused.status_code == 400 and "text" in refused.json()
    document = api.get(accepted["Location"]).json()["result"]
    assert (
        document
        == api.post("/api/sources/draft/", {"title": "The Hanse", "text": ARTICLE}, format="json").json()
    )


def test_the_api_builds_a_gradebook_file_and_serves_it_to_its_owner_only(tina, tom, alice):
    seventh = make_class(tina, alice)

    accepted = api_client_for(tina).post(f"/api/classes/{seventh.pk}/gradebook/exports/")
    run_worker()

    assert accepted.status_code == 202
    job = api_client_for(tina).get(accepted["Location"]).json()
    assert job["status"] == "done" and job["file"] == f"/api/jobs/{job['id']}/file/"
    download = api_client_for(tina).get(job["file"])
    assert download.status_code == 200 and download.content.decode("utf-8-sig").startswith("name,username")
    assert api_client_for(tom).get(job["file"]).status_code == 404
    assert api_client_for(tom).post(f"/api/classes/{seventh.pk}/gradebook/exports/").status_code == 404
    assert api_client_for(alice).post(f"/api/classes/{seventh.pk}/gradebook/exports/").status_code == 403


def test_progress_shows_to_another_connection_while_the_work_is_one_open_transaction(tina, own_source):
    job = jobs.queue_generation(owner=tina, source=own_source)
    database = connection.settings_dict

    with transaction.atomic():
        jobs.Progress(job)(30, 120, "Saving the questions")
        with (
            psycopg2.connect(dbname=database["NAME"], user=database["USER"], host=database["HOST"]) as reader,
            reader.cursor() as cursor,
        ):
            cursor.execute("SELECT done, total, stage FROM quizzes_job WHERE id = %s", [str(job.pk)])
            assert cursor.fetchone() == (30, 120, "Saving the questions")


def test_running_a_job_again_does_nothing_more(tina, own_source):
    job = jobs.queue_generation(owner=tina, source=own_source)
    run_worker()
    finished_at = Job.objects.get().finished_at

    assert jobs.run_job.call(job_id=str(job.pk)) == "done"
    assert Job.objects.get().finished_at == finished_at


def test_a_job_that_crashes_is_tried_again_later_then_fails_with_a_plain_reason(tina, own_source, settings):
    settings.TASK_RETRIES, settings.TASK_RETRY_DELAY_SECONDS = 1, 60
    job = jobs.queue_generation(owner=tina, source=own_source)
    Source.objects.filter(pk=own_source.pk).update(title="")  # a source the generator cannot read
    QuestionSet.objects.filter(source=own_source).delete()
    jobs.WORK[Job.Kind.GENERATE], original = (lambda *_: 1 / 0), jobs.WORK[Job.Kind.GENERATE]
    try:
        run_worker()
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED and "tried again" in job.stage
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.args_kwargs["kwargs"] == {"job_id": str(job.pk), "tries": 2}
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        run_worker()
    finally:
        jobs.WORK[Job.Kind.GENERATE] = original

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error.startswith("Something went wrong")
    assert DBTaskResult.objects.filter(status="FAILED").count() == 2  # each crash, for the admin
    assert "ZeroDivisionError" in DBTaskResult.objects.filter(status="FAILED").first().traceback


def test_tidying_queues_again_what_a_dead_worker_left_and_forgets_old_finished_jobs(tina, own_source):
    now = timezone.now()
    left_running = jobs.queue_generation(owner=tina, source=own_source)
    DBTaskResult.objects.update(status="RUNNING", started_at=now - dt.timedelta(hours=1), worker_ids=["dead"])
    old = jobs.queue_generation(owner=tina, source=own_source)
    jobs.run_job.call(job_id=str(old.pk))
    Job.objects.filter(pk=old.pk).update(finished_at=now - dt.timedelta(days=8))
    busy = make_user("busy")
    recent = jobs.queue_generation(
        owner=busy, source=sources.create_source(owner=busy, document=fact_document())
    )
    DBTaskResult.objects.filter(args_kwargs__kwargs__job_id=str(recent.pk)).update(
        status="RUNNING", started_at=now - dt.timedelta(minutes=1)
    )

    counts = jobs.tidy(now=now)

    assert counts["requeued"] == 1 and counts["forgotten_jobs"] == 1
    assert DBTaskResult.objects.get(args_kwargs__kwargs__job_id=str(left_running.pk)).status == "READY"
    assert DBTaskResult.objects.get(args_kwargs__kwargs__job_id=str(recent.pk)).status == "RUNNING"
    assert not Job.objects.filter(pk=old.pk).exists()
    run_worker()
    assert Job.objects.get(pk=left_running.pk).status == Job.Status.DONE


def test_the_housekeeping_forgets_login_attempts_older_than_any_rule_looks(db):
    from accounts.models import LoginAttempt

    now = timezone.now()
    for hours in (0, 23, 25, 24 * 30):
        LoginAttempt.objects.create(username="tina", attempted_at=now - dt.timedelta(hours=hours))

    counts = jobs.tidy(now=now)

    assert counts["forgotten_login_attempts"] == 2
    assert LoginAttempt.objects.count() == 2


def test_the_housekeeping_is_queued_once_and_queues_its_next_run(db):
    from django.core.management import call_command

    call_command("tidy_queue", verbosity=0)
    call_command("tidy_queue", verbosity=0)

    queued = DBTaskResult.objects.get(task_path="quizzes.services.jobs.tidy_queue")
    assert queued.status == "READY" and queued.run_after > timezone.now() + dt.timedelta(minutes=59)
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now())
    run_worker()
    runs = DBTaskResult.objects.filter(task_path="quizzes.services.jobs.tidy_queue")
    assert sorted(runs.values_list("status", flat=True)) == ["READY", "SUCCESSFUL"]


def test_the_sources_page_lists_the_teachers_recent_work_and_only_theirs(teacher, tina, tom, own_source):
    job = jobs.queue_generation(owner=tina, source=own_source)
    toms = jobs.queue_generation(owner=tom, source=sources.create_source(owner=tom, document=fact_document()))

    listed = teacher.get("/teach/sources/").content.decode()

    assert f'href="/jobs/{job.pk}/"' in listed and "Waiting for its turn" in listed
    assert f"/jobs/{toms.pk}/" not in listed


@pytest.mark.parametrize("recurring", ["housekeeping", "scheduler fits"])
def test_a_recurring_job_that_fails_still_queues_its_next_run(db, monkeypatch, recurring):
    from quizzes.services import scheduler_fits

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    if recurring == "housekeeping":
        monkeypatch.setattr(jobs, "tidy", broken)
        task = jobs.tidy_queue
    else:
        monkeypatch.setattr(scheduler_fits, "queue_due_fits", broken)
        task = scheduler_fits.fit_schedulers

    with pytest.raises(RuntimeError):
        task.func()

    queued = DBTaskResult.objects.get(task_path=task.module_path)
    assert queued.status == "READY" and queued.run_after > timezone.now() + dt.timedelta(minutes=59)
