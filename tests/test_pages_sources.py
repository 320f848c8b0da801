"""The teacher's source pages: draft a source from a text, correct it in the editor (the
validator's messages beside each field, nothing saved until it is valid), upload or
download it as JSON or a spreadsheet, generate its questions, preview them, exclude some,
delete it. Another teacher's source is a 404 on every page; students get a 403."""

import io
import json
from pathlib import Path

import pytest
from editor_helpers import posted
from factories import fact_document, make_user

from quizzes.facts import drafting
from quizzes.models import ExcludedQuestion, Job, Question, QuestionSet, Source
from quizzes.services import sources
from quizzes.transfer import fact_workbook
from quizzes.views.fact_editor import editor_form

pytestmark = pytest.mark.django_db

ARTICLE = (Path(__file__).resolve().parent / "fixtures" / "hanseatic_league.txt").read_text()[:6000]
BUNDLED = Path(__file__).resolve().parent.parent / "fixtures" / "persian_constitutional_revolution.json"


def editor_data(document, **changes):
    data = posted(editor_form(document), **changes)
    data["action"] = changes.get("action", "save")
    return data


def test_students_get_a_403_and_visitors_the_login_page(client, alice):
    assert client.get("/teach/sources/").status_code == 302
    client.force_login(alice)
    assert client.get("/teach/sources/").status_code == 403
    assert client.get("/teach/sources/new/").status_code == 403


def test_a_draft_opens_in_the_editor_unsaved_and_saving_it_makes_the_source(teacher, tina):
    queued = teacher.post(
        "/teach/sources/new/", {"action": "draft", "title": "The Hanseatic League", "text": ARTICLE}
    )
    job = Job.objects.get()
    assert queued.status_code == 302 and queued.url == f"/jobs/{job.pk}/"
    # What the worker does (tests/test_jobs_background_work.py runs the real one).
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, result=drafting.draft_document(**job.arguments)
    )

    drafted = teacher.get(f"/teach/sources/new/?draft={job.pk}")

    assert drafted.status_code == 200 and drafted.context["drafted"] is True
    assert "Check the draft" in drafted.content.decode() and not Source.objects.exists()
    form = drafted.context["form"]
    assert form.error_count == 0 and sum(len(part.rows) for part in form.sections) > 10

    saved = teacher.post("/teach/sources/new/", posted(form, action="save"))

    source = Source.objects.get()
    assert saved.status_code == 302 and saved.url == f"/teach/sources/{source.pk}/"
    assert source.owner == tina and source.title == "The Hanseatic League"


def test_a_draft_without_a_text_says_so_beside_the_form(teacher):
    refused = teacher.post("/teach/sources/new/", {"action": "draft", "title": "Empty", "text": "  "})

    assert refused.status_code == 400 and refused.context["draft_error"]
    assert not Source.objects.exists() and not Job.objects.exists()


def test_only_the_teachers_own_finished_draft_opens(teacher, tom):
    toms = Job.objects.create(owner=tom, kind=Job.Kind.DRAFT, status=Job.Status.DONE, result=fact_document())

    assert teacher.get(f"/teach/sources/new/?draft={toms.pk}").status_code == 404
    assert teacher.get("/teach/sources/new/?draft=not-a-job").status_code == 404


def test_an_invalid_save_comes_back_with_each_problem_beside_its_field(teacher, own_source):
    document = fact_document()
    document["people"][1]["side"] = "nobody"
    document["events"][0]["date"] = "1370-13"

    refused = teacher.post(f"/teach/sources/{own_source.pk}/", editor_data(document))

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Nothing was saved: 2 problems to fix" in page
    assert 'id="people-1-side-error-1">&quot;nobody&quot; is not a side id</p>' in page
    assert 'aria-invalid="true"' in page
    assert own_source.people.get(key=document["people"][1]["id"]).side.key != "nobody"


def test_adding_a_row_saves_nothing_and_shows_a_blank_row(teacher, own_source):
    document = fact_document()

    added = teacher.post(f"/teach/sources/{own_source.pk}/", editor_data(document, action="add-people"))

    assert added.status_code == 200 and added.context["open_section"] == "people"
    people = next(part for part in added.context["form"].sections if part.section.name == "people")
    assert len(people.rows) == len(document["people"]) + 1
    assert own_source.people.count() == len(document["people"])


def test_a_saved_change_is_kept_and_a_removed_row_goes(teacher, own_source):
    document = fact_document()
    document["people"][0]["role"] = "a changed role"
    last = len(document["places"]) - 1
    removed_id = document["places"][last]["id"]
    document["events"] = [e for e in document["events"] if e.get("place") != removed_id]
    document["places"] = [p for p in document["places"] if p.get("located_in") != removed_id]
    last = len(document["places"]) - 1
    data = editor_data(document, **{f"places-{last}-remove": "on"})

    saved = teacher.post(f"/teach/sources/{own_source.pk}/", data)

    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    assert own_source.people.get(key=document["people"][0]["id"]).role == "a changed role"
    assert own_source.places.count() == len(document["places"]) - 1


def test_a_json_file_and_the_spreadsheet_template_upload_as_new_sources(teacher, tina):
    as_json = io.BytesIO(json.dumps(fact_document()).encode())
    as_json.name = "war.json"
    template = io.BytesIO(fact_workbook.template_workbook())
    template.name = "template.xlsx"

    first = teacher.post("/teach/sources/upload/", {"file": as_json})
    second = teacher.post("/teach/sources/upload/", {"file": template})

    assert first.status_code == 302 and second.status_code == 302
    assert Source.objects.filter(owner=tina).count() == 2


def test_a_bad_spreadsheet_is_refused_cell_by_cell_and_saves_nothing(teacher):
    workbook = fact_workbook.write_workbook(fact_document())
    broken = fact_workbook.read_workbook(io.BytesIO(workbook))
    broken["people"][0]["side"] = "nobody"
    upload = io.BytesIO(fact_workbook.write_workbook(broken))
    upload.name = "broken.xlsx"

    refused = teacher.post("/teach/sources/upload/", {"file": upload})

    assert refused.status_code == 400 and not Source.objects.exists()
    assert any("Sheet People, row 2, column side" in problem for problem in refused.context["upload_errors"])


def test_a_file_of_another_kind_is_refused(teacher):
    upload = io.BytesIO(b"hello")
    upload.name = "notes.txt"

    refused = teacher.post("/teach/sources/upload/", {"file": upload})

    assert refused.status_code == 400 and refused.context["upload_errors"]


def test_an_invalid_json_document_opens_in_the_editor_with_its_problems(teacher):
    document = fact_document()
    document["events"][0]["date"] = "someday"
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "war.json"

    refused = teacher.post("/teach/sources/upload/", {"file": upload})

    assert refused.status_code == 400 and refused.context["form"].error_count == 1
    assert not Source.objects.exists()


def test_downloads_read_back_as_the_same_document(teacher, own_source):
    as_json = teacher.get(f"/teach/sources/{own_source.pk}/download.json")
    as_xlsx = teacher.get(f"/teach/sources/{own_source.pk}/download.xlsx")

    document = json.loads(as_json.content)
    assert as_json["Content-Disposition"].startswith("attachment;")
    assert fact_workbook.read_workbook(io.BytesIO(as_xlsx.content)) == document
    assert document["people"] == fact_document()["people"]


def test_generate_preview_exclude_and_include_again(teacher, own_source):
    queued = teacher.post(f"/teach/sources/{own_source.pk}/generate/")
    assert queued.status_code == 302 and queued.url == f"/jobs/{Job.objects.get().pk}/"
    sources.generate_set(source=own_source)  # what the worker does (tests/test_jobs_background_work.py)
    generated_url = f"/teach/sources/{own_source.pk}/questions/"

    question_set = QuestionSet.objects.get(source=own_source)
    assert question_set.owner == own_source.owner and not question_set.is_published
    preview = teacher.get(generated_url)
    shown = list(preview.context["questions"])
    assert shown and preview.context["questions"].paginator.count == question_set.questions.count()
    target = shown[0]

    excluded = teacher.post(f"/teach/sources/{own_source.pk}/questions/{target.pk}/exclude/")
    sources.generate_set(source=own_source)

    assert excluded.status_code == 302 and not Question.objects.filter(pk=target.pk).exists()
    assert not question_set.questions.filter(generator_key=target.generator_key).exists()
    listed = teacher.get(f"/teach/sources/{own_source.pk}/questions/")
    assert [left.generator_key for left in listed.context["excluded"]] == [target.generator_key]

    teacher.post(f"/teach/sources/{own_source.pk}/include/", {"generator_key": target.generator_key})
    sources.generate_set(source=own_source)

    assert question_set.questions.filter(generator_key=target.generator_key).exists()
    assert not ExcludedQuestion.objects.exists()


def test_a_preview_page_takes_eight_queries_whatever_it_shows(teacher, own_source, django_assert_num_queries):
    """Session, user, source, set, count, the page of questions, their choices, exclusions."""
    report = sources.generate_set(source=own_source)
    assert report.created > 50  # more than a page: the count is the page's, not the set's
    teacher.get(f"/teach/sources/{own_source.pk}/questions/")

    for number in (1, 2):
        with django_assert_num_queries(8):
            answer = teacher.get(f"/teach/sources/{own_source.pk}/questions/?page={number}")
        assert answer.status_code == 200 and answer.context["questions"].number == number


def test_deleting_asks_first_then_deletes_the_source_and_its_set(teacher, own_source):
    sources.generate_set(source=own_source)

    asked = teacher.get(f"/teach/sources/{own_source.pk}/delete/")
    deleted = teacher.post(f"/teach/sources/{own_source.pk}/delete/")

    assert asked.status_code == 200 and "cannot be undone" in asked.content.decode()
    assert deleted.status_code == 302 and not Source.objects.exists() and not QuestionSet.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/teach/sources/{id}/"),
        ("post", "/teach/sources/{id}/"),
        ("get", "/teach/sources/{id}/download.json"),
        ("get", "/teach/sources/{id}/download.xlsx"),
        ("post", "/teach/sources/{id}/upload/"),
        ("post", "/teach/sources/{id}/generate/"),
        ("get", "/teach/sources/{id}/questions/"),
        ("post", "/teach/sources/{id}/include/"),
        ("get", "/teach/sources/{id}/delete/"),
        ("post", "/teach/sources/{id}/delete/"),
    ],
)
def test_another_teachers_source_is_a_404_on_every_page(client, own_source, method, path):
    client.force_login(make_user("tom", role="teacher"))

    answer = getattr(client, method)(path.format(id=own_source.pk))

    assert answer.status_code == 404
    assert Source.objects.filter(pk=own_source.pk).exists()


def test_the_list_shows_only_the_teachers_own_sources(teacher, own_source):
    other = sources.create_source(owner=make_user("tom", role="teacher"), document=fact_document())

    listed = teacher.get("/teach/sources/")

    assert [source.pk for source in listed.context["sources"]] == [own_source.pk]
    assert f"/teach/sources/{other.pk}/" not in listed.content.decode()


def test_drafts_and_generations_are_rated_per_teacher_on_the_pages_as_in_the_api(
    monkeypatch, teacher, own_source
):
    from quizzes.rate_limits import SourceDraftRateThrottle, SourceGenerateRateThrottle

    monkeypatch.setattr(SourceDraftRateThrottle, "rate", "2/hour", raising=False)
    monkeypatch.setattr(SourceGenerateRateThrottle, "rate", "1/hour", raising=False)
    draft = {"action": "draft", "title": "The Hanseatic League", "text": ARTICLE}

    drafts = [teacher.post("/teach/sources/new/", draft).status_code for _ in range(3)]
    teacher.post(f"/teach/sources/{own_source.pk}/generate/")
    refused = teacher.post(f"/teach/sources/{own_source.pk}/generate/", follow=True)
    api = teacher.post(f"/api/sources/{own_source.pk}/generate/")

    assert drafts == [302, 302, 429]
    assert "generated questions many times" in refused.content.decode()
    assert api.status_code == 429


def test_a_source_as_large_as_the_bundled_article_is_saved_through_the_editor(teacher, tina):
    document = json.loads(BUNDLED.read_text())
    del document["source"]["text_file"]
    source = sources.create_source(owner=tina, document=document)
    document["people"][0]["role"] = "a role changed in the editor"
    data = editor_data(document)
    assert len(data) > 2000  # more fields than Django lets through by default

    saved = teacher.post(f"/teach/sources/{source.pk}/", data)

    assert saved.status_code == 302
    assert source.people.get(key=document["people"][0]["id"]).role == "a role changed in the editor"
