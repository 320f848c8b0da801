"""GET /api/classes/{id}/gradebook/: members × assignments, who has not started first, and
its CSV download that a spreadsheet opens as a table."""

import csv
import datetime as dt
import io

import pytest
from assignment_helpers import T0, add_reviews, assign, make_class, submitted_quiz
from factories import api_client_for, make_user

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def week(tina, alice, bob, tinas_set):
    """alice reached a study target and took the quiz; bob did nothing; carla began."""
    carla = make_user("carla", first_name="Carla", last_name="Núñez")
    seventh = make_class(tina, alice, bob, carla)
    now = dt.datetime.now(dt.UTC)
    study = assign(seventh, tinas_set, target_reviews=3, created_at=now - 2 * DAY, due_at=now + 5 * DAY)
    quiz = assign(
        seventh, tinas_set, kind="quiz", title="Friday quiz", created_at=now - 2 * DAY, due_at=now - DAY
    )
    add_reviews(alice, tinas_set, times=[now - DAY, now - DAY, now - DAY])
    add_reviews(carla, tinas_set, times=[now - DAY])
    submitted_quiz(alice, quiz, at=now - 2 * DAY + dt.timedelta(hours=1), percent=75.0)
    return seventh, study, quiz


def test_the_gradebook_lists_who_has_not_started_first(tina, week):
    seventh, study, quiz = week

    response = api_client_for(tina).get(f"/api/classes/{seventh.pk}/gradebook/")

    assert response.status_code == 200
    assert [a["id"] for a in response.data["assignments"]] == [quiz.pk, study.pk]  # by due date
    rows = {row["student"]["username"]: row for row in response.data["rows"]}
    assert [row["student"]["username"] for row in response.data["rows"]] == ["bob", "carla", "alice"]
    assert [cell["status"] for cell in rows["alice"]["cells"]] == ["done", "done"]
    assert rows["alice"]["cells"][0]["score"] == 75.0
    assert rows["alice"]["cells"][1]["progress"] == {"done": 3, "target": 3, "unit": "reviews"}
    assert [cell["status"] for cell in rows["bob"]["cells"]] == ["late", "not_started"]
    assert [cell["status"] for cell in rows["carla"]["cells"]] == ["late", "in_progress"]
    assert rows["carla"]["student"]["name"] == "Carla Núñez"


def test_the_csv_opens_as_a_table_with_a_column_per_assignment(tina, week):
    seventh, study, quiz = week

    response = api_client_for(tina).get(f"/api/classes/{seventh.pk}/gradebook/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="gradebook-7b.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, *rows = table
    assert header[:2] == ["name", "username"]
    assert len(header) == 2 + 2
    assert header[2].startswith("Friday quiz (quiz, due ")
    assert header[3].startswith("Tina's dates (study, due ")
    assert all(len(row) == len(header) for row in rows)
    by_username = {row[1]: row for row in rows}
    assert by_username["alice"][2:] == ["Done, 75%", "Done, 3 of 3 reviews"]
    assert by_username["bob"] == ["bob", "bob", "Late", "Not started"]
    assert by_username["carla"][0] == "Carla Núñez"
    assert by_username["carla"][3] == "In progress, 1 of 3 reviews"


def test_a_name_that_looks_like_a_formula_is_written_as_text(tina, week):
    seventh, _, _ = week
    make_user("dan", first_name="=HYPERLINK(1)").memberships.create(school_class=seventh)

    response = api_client_for(tina).get(f"/api/classes/{seventh.pk}/gradebook/?format=csv")

    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_a_member_gets_a_403_and_reads_only_their_own_row(alice, week):
    seventh, _, _ = week
    client = api_client_for(alice)

    assert client.get(f"/api/classes/{seventh.pk}/gradebook/").status_code == 403
    assert client.get(f"/api/classes/{seventh.pk}/gradebook/?format=csv").status_code == 403
    mine = client.get("/api/assignments/").data
    assert mine["count"] == 2
    assert [row["status"] for row in mine["results"]] == ["done", "done"]


def test_an_unknown_format_is_a_400(tina, week):
    seventh, _, _ = week

    assert api_client_for(tina).get(f"/api/classes/{seventh.pk}/gradebook/?format=xlsx").status_code == 400


def test_a_students_history_lists_their_quizzes_and_cells(tina, alice, week):
    seventh, _, quiz = week

    response = api_client_for(tina).get(f"/api/classes/{seventh.pk}/gradebook/{alice.pk}/")

    assert response.status_code == 200
    assert [row["status"] for row in response.data["cells"]] == ["done", "done"]
    assert [(row["assignment"], row["percent"], row["late"]) for row in response.data["quizzes"]] == [
        (quiz.pk, 75.0, False)
    ]


def test_the_history_of_a_non_member_is_a_404(tina, tom, week):
    seventh, _, _ = week

    assert api_client_for(tina).get(f"/api/classes/{seventh.pk}/gradebook/{tom.pk}/").status_code == 404


def test_an_expired_assigned_quiz_is_scored_before_the_gradebook_reads_it(tina, alice, tinas_set):
    from quizzes.models import Attempt

    seventh = make_class(tina, alice, name="9D")
    quiz = assign(seventh, tinas_set, kind="quiz", created_at=T0, due_at=T0 + 3 * DAY)
    Attempt.objects.create(
        user=alice, question_set=tinas_set, assignment=quiz, question_ids=[], started_at=T0 + DAY,
        deadline=T0 + DAY + dt.timedelta(minutes=10), total=2,
    )  # fmt: skip

    response = api_client_for(tina).get(f"/api/classes/{seventh.pk}/gradebook/")

    [cell] = response.data["rows"][0]["cells"]
    assert (cell["status"], cell["score"]) == ("done", 0.0)
