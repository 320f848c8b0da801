import datetime as dt

import pytest
from factories import api_client_for, make_listed
from study_helpers import wrong_answer

from quizzes.models import Attempt, AttemptAnswer, Question
from quizzes.services import attempts

pytestmark = pytest.mark.django_db

RESULT_FIELDS = {"correct", "correct_answer", "explanation", "source", "answer", "accepted_answers", "result"}


def start(user, **fields):
    return api_client_for(user).post("/api/quizzes/", fields, format="json")


def put_answer(user, attempt_id, question_id, answer):
    return api_client_for(user).put(
        f"/api/quizzes/{attempt_id}/answers/{question_id}/", {"answer": answer}, format="json"
    )


def test_a_quiz_draws_questions_and_shows_no_answers(alice, question_set):
    response = start(alice, set=question_set.pk, size=5)

    assert response.status_code == 201
    body = response.json()
    assert len(body["questions"]) == 5 and len({q["id"] for q in body["questions"]}) == 5
    assert body["deadline"] is None and body["submitted_at"] is None and body["answers"] == {}
    for question in body["questions"]:
        assert not RESULT_FIELDS & set(question)
    assert "result" not in body


def test_a_reload_shows_the_same_draw_and_choices(alice, question_set):
    body = start(alice, set=question_set.pk, size=8).json()

    again = api_client_for(alice).get(f"/api/quizzes/{body['id']}/").json()

    assert again["questions"] == body["questions"]


def test_kinds_and_types_filter_the_draw(alice, question_set):
    body = start(alice, set=question_set.pk, size=50, kinds=["person"], types=["text"]).json()

    expected = question_set.questions.filter(kind="person", type="text").count()
    assert len(body["questions"]) == expected
    assert {(q["kind"], q["type"]) for q in body["questions"]} == {("person", "text")}


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"size": 0}, "size"),
        ({"size": 101}, "size"),
        ({"kinds": ["weather"]}, "kinds"),
        ({"time_limit_s": 3}, "time_limit_s"),
        ({"set": "one"}, "set"),
    ],
)
def test_a_bad_quiz_request_is_a_400(alice, question_set, fields, error_field):
    response = start(alice, **{"set": question_set.pk, **fields})

    assert response.status_code == 400 and error_field in response.json()
    assert not Attempt.objects.exists()


def test_a_filter_no_question_matches_is_a_400(alice, tinas_set):
    response = start(alice, set=tinas_set.pk, kinds=["person"], types=["order"])

    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_answers_are_saved_changed_and_reveal_nothing(alice, question_set):
    body = start(alice, set=question_set.pk, size=3, types=["text"]).json()
    question_id = body["questions"][0]["id"]

    first = put_answer(alice, body["id"], question_id, "Northtown")
    changed = put_answer(alice, body["id"], question_id, "Southtown")

    assert first.status_code == changed.status_code == 200
    assert set(changed.json()) == {"question", "given", "saved_at"}
    assert AttemptAnswer.objects.get().given == "Southtown"
    reloaded = api_client_for(alice).get(f"/api/quizzes/{body['id']}/").json()
    assert reloaded["answers"] == {str(question_id): "Southtown"}


def test_a_wrongly_shaped_answer_is_a_400(alice, question_set):
    body = start(alice, set=question_set.pk, size=3, types=["order"]).json()

    response = put_answer(alice, body["id"], body["questions"][0]["id"], "not a list")

    assert response.status_code == 400 and "expected a list" in response.json()["answer"][0]
    assert not AttemptAnswer.objects.exists()


def test_a_question_outside_the_quiz_is_a_404_and_another_users_quiz_too(alice, bob, question_set):
    body = start(alice, set=question_set.pk, size=2).json()
    outside = question_set.questions.exclude(pk__in=[q["id"] for q in body["questions"]]).first()

    assert put_answer(alice, body["id"], outside.pk, "x").status_code == 404
    assert put_answer(bob, body["id"], body["questions"][0]["id"], "x").status_code == 404
    assert api_client_for(bob).get(f"/api/quizzes/{body['id']}/").status_code == 404
    assert api_client_for(bob).post(f"/api/quizzes/{body['id']}/submit/").status_code == 404


def test_submit_scores_the_quiz_with_answers_explanations_and_sources(alice, question_set):
    body = start(alice, set=question_set.pk, size=4).json()
    questions = [Question.objects.get(pk=q["id"]) for q in body["questions"]]
    put_answer(alice, body["id"], questions[0].pk, questions[0].answer)
    put_answer(alice, body["id"], questions[1].pk, wrong_answer(questions[1]))

    result = api_client_for(alice).post(f"/api/quizzes/{body['id']}/submit/").json()

    assert (result["score"], result["total"], result["percent"]) == (1, 4, 25.0)
    assert [row["correct"] for row in result["results"]] == [True, False, False, False]
    assert result["results"][0]["correct_answer"] == questions[0].answer
    assert result["results"][2]["given"] is None
    assert result["results"][0]["source"] == questions[0].source_sentence.text
    assert all("explanation" in row for row in result["results"])


def test_submitting_twice_answers_the_same_result_and_later_answers_conflict(alice, question_set):
    body = start(alice, set=question_set.pk, size=2).json()
    question = Question.objects.get(pk=body["questions"][0]["id"])
    put_answer(alice, body["id"], question.pk, question.answer)
    client = api_client_for(alice)

    first = client.post(f"/api/quizzes/{body['id']}/submit/")
    second = client.post(f"/api/quizzes/{body['id']}/submit/")

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert put_answer(alice, body["id"], question.pk, "changed").status_code == 409
    assert Attempt.objects.get().points == 5


def expired_quiz_with_one_right_answer(user, question_set):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    attempt = attempts.start_quiz(user=user, question_set=question_set, size=4, time_limit_s=60, now=started)
    question = Question.objects.get(pk=attempt.question_ids[0])
    attempts.save_answer(
        user=user, attempt_id=attempt.pk, question_id=question.pk, answer=question.answer, now=started
    )
    return attempt


def test_the_deadline_is_enforced_and_a_late_quiz_is_scored_with_what_was_saved(alice, question_set):
    attempt = expired_quiz_with_one_right_answer(alice, question_set)

    late = put_answer(alice, attempt.pk, attempt.question_ids[1], "too late")
    looked_at = api_client_for(alice).get(f"/api/quizzes/{attempt.pk}/").json()

    assert late.status_code == 409
    assert looked_at["result"]["score"] == 1
    assert looked_at["submitted_at"] == attempt.deadline.isoformat().replace("+00:00", "Z")


def test_the_sets_owner_and_admins_see_a_students_quiz(alice, tina, ada, tinas_set):
    body = start(alice, set=tinas_set.pk, size=4).json()

    assert api_client_for(tina).get(f"/api/quizzes/{body['id']}/").status_code == 200
    assert api_client_for(ada).get(f"/api/quizzes/{body['id']}/").status_code == 200


def test_quiz_results_feed_the_scores(alice, question_set):
    make_listed(alice, "Alley")
    body = start(alice, set=question_set.pk, size=2).json()
    for question in body["questions"]:
        put_answer(alice, body["id"], question["id"], Question.objects.get(pk=question["id"]).answer)
    api_client_for(alice).post(f"/api/quizzes/{body['id']}/submit/")

    scores = api_client_for(alice).get("/api/scores/me/").json()
    board = api_client_for(alice).get(f"/api/sets/{question_set.pk}/leaderboard/").json()

    assert scores["points"] == 10 and scores["quizzes"] == 1
    assert scores["sets"][0]["best_quiz_percent"] == 100.0
    assert board == [{"username": "Alley", "points": 10, "accuracy": 1.0, "you": True}]


def test_a_quiz_on_an_invisible_set_is_a_404(alice, tinas_draft):
    assert start(alice, set=tinas_draft.pk).status_code == 404


def test_an_expired_quiz_nobody_opened_again_counts_in_scores_leaderboard_and_results(alice, tina, tinas_set):
    make_listed(alice, "Alley")
    attempt = expired_quiz_with_one_right_answer(alice, tinas_set)

    scores = api_client_for(alice).get("/api/scores/me/").json()
    board = api_client_for(alice).get(f"/api/sets/{tinas_set.pk}/leaderboard/").json()
    results = api_client_for(tina).get(f"/api/sets/{tinas_set.pk}/results/").json()

    assert (scores["quizzes"], scores["points"], scores["sets"][0]["best_quiz_percent"]) == (1, 5, 25.0)
    assert board == [{"username": "Alley", "points": 5, "accuracy": 0.25, "you": True}]
    assert results["students"][0]["attempts"] == 1 and results["students"][0]["best_percent"] == 25.0
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline


def test_an_open_quiz_with_time_left_is_not_scored_early(alice, tinas_set):
    attempts.start_quiz(user=alice, question_set=tinas_set, size=2, time_limit_s=600)

    scores = api_client_for(alice).get("/api/scores/me/").json()

    assert scores["quizzes"] == 0 and not Attempt.objects.filter(submitted_at__isnull=False).exists()


def test_choices_come_shuffled_and_complete(alice, question_set):
    body = start(alice, set=question_set.pk, size=40, types=["choice", "order"]).json()

    stored = {
        question.pk: [choice.text for choice in question.choices.all()]
        for question in Question.objects.filter(pk__in=[shown["id"] for shown in body["questions"]])
    }
    for shown in body["questions"]:
        assert sorted(shown["choices"]) == sorted(stored[shown["id"]])
    assert any(shown["choices"] != stored[shown["id"]] for shown in body["questions"])


def test_submitting_after_the_deadline_scores_what_was_saved_in_time(alice, tinas_set):
    attempt = expired_quiz_with_one_right_answer(alice, tinas_set)

    response = api_client_for(alice).post(f"/api/quizzes/{attempt.pk}/submit/")

    assert response.status_code == 200
    assert (response.json()["score"], response.json()["total"]) == (1, 4)
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline
