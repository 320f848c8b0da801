"""The two stories the issues end with, told through HTTP with real token logins and checked
against the field names of the contract (`../shared/docs/api.md`)."""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient
from study_helpers import right_answer, wrong_answer

from quizzes.models import Question, QuestionSet

pytestmark = pytest.mark.django_db

BUNDLED_FACTS = Path(__file__).resolve().parent.parent / "fixtures" / "persian_constitutional_revolution.json"
PASSWORD = "tabriz-1909-snarsky"


def signed_up(username: str) -> APIClient:
    """Register (or, for a teacher made by the command, just log in) and use the token."""
    client = APIClient()
    token = client.post("/api/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    if token.status_code != 200:
        registered = client.post("/api/auth/register/", {"username": username, "password": PASSWORD})
        assert registered.status_code == 201
        assert set(registered.json()) == {"id", "username", "role"} and registered.json()["role"] == "student"
        token = client.post("/api/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert token.status_code == 200 and set(token.json()) == {"token", "expiry"}
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    return client


def answer_for(question_id: int, *, right: bool):
    question = Question.objects.get(pk=question_id)
    return right_answer(question) if right else wrong_answer(question)


@pytest.fixture
def bundled_set():
    call_command("load_facts", str(BUNDLED_FACTS), verbosity=0)
    call_command("generate_questions", verbosity=0)
    return QuestionSet.objects.get(source__slug="persian-constitutional-revolution")


def test_a_student_registers_studies_the_bundled_set_and_sees_stats_and_scores_move(bundled_set):
    sara = signed_up("sara")
    assert sara.get("/api/auth/me/").json()["role"] == "student"
    listed = sara.get("/api/sets/").json()
    assert set(listed) == {"count", "next", "previous", "results"}
    [bundled] = [item for item in listed["results"] if item["id"] == bundled_set.pk]
    assert set(bundled) == {
        "id",
        "title",
        "description",
        "owner",
        "is_published",
        "visibility",
        "question_count",
    }
    assert bundled["question_count"] == bundled_set.questions.count() > 300
    assert sara.get("/api/scores/me/").json()["points"] == 0

    for number in range(5):
        upcoming = sara.get("/api/study/next/", {"set": bundled_set.pk}).json()
        assert set(upcoming) == {"card", "remaining"}
        assert set(upcoming["remaining"]) == {"new", "learning", "review"}
        card = upcoming["card"]
        assert set(card) == {"id", "state", "due", "question", "answer_shown"} and card["state"] == "new"
        answer = answer_for(card["question"]["id"], right=number < 3)
        reviewed = sara.post("/api/study/reviews/", {"card": card["id"], "answer": answer}, format="json")
        assert reviewed.status_code == 201
        assert set(reviewed.json()) == {"review", "card"}
        assert {"id", "rating", "correct", "correct_answer", "explanation", "state", "due"} <= set(
            reviewed.json()["review"]
        )
        assert reviewed.json()["review"]["correct"] is (number < 3)

    stats = sara.get("/api/study/stats/", {"set": bundled_set.pk}).json()
    scores = sara.get("/api/scores/me/").json()

    assert (stats["reviews"], stats["correct"]) == (5, 3)
    assert stats["counts"]["learning"] == 5 and stats["reviews_per_day"][-1]["reviews"] == 5
    assert len(stats["forecast"]) == 30
    assert set(scores) == {
        *("points", "reviews", "correct", "answers", "right_answers", "accuracy", "quizzes"),
        *("streak_days", "sets"),
    }
    assert (scores["reviews"], scores["correct"], scores["accuracy"], scores["streak_days"]) == (5, 3, 0.6, 1)
    assert scores["points"] == 30  # three right answers on new cards, 10 points each
    assert set(scores["sets"][0]) == {
        "set",
        "reviews",
        "correct",
        "accuracy",
        "mastered",
        "best_quiz_percent",
    }
    assert sara.get(f"/api/sets/{bundled_set.pk}/leaderboard/").json() == []  # no nickname: not listed
    assert sara.patch("/api/auth/me/", {"nickname": "Sara the Scribe"}, format="json").status_code == 200
    cache.clear()  # leaderboards are kept half a minute
    assert sara.get(f"/api/sets/{bundled_set.pk}/leaderboard/").json() == [
        {"username": "Sara the Scribe", "points": 30, "accuracy": 0.6, "you": True}
    ]


def test_a_teacher_builds_a_set_and_sees_a_students_quiz_results():
    call_command("create_user", "tina", "--role", "teacher", "--password", PASSWORD, verbosity=0)
    tina = signed_up("tina")
    created = tina.post("/api/sets/", {"title": "The Tabriz siege", "is_published": False}, format="json")
    assert created.status_code == 201
    set_id = created.json()["id"]
    question = tina.post(
        "/api/questions/",
        {
            "set": set_id, "kind": "person", "type": "text", "prompt": "Who defended Tabriz in 1908–1909?",
            "answer": "Sattar Khan", "accepted_answers": ["Sattar Khan Qaradaghi"],
            "explanation": "He led the defence of the city against the Shah's forces.",
        },
        format="json",
    )  # fmt: skip
    assert question.status_code == 201
    assert {"answer", "accepted_answers", "explanation", "source"} <= set(question.json())
    csv = (
        "kind,type,prompt,answer,choices,accepted_answers,explanation\n"
        "date,choice,When did Russian troops enter Tabriz?,April 1909,April 1909|June 1908|July 1909,,\n"
        "other,true_false,The Majlis was shelled in June 1908.,true,,,\n"
    )
    imported = tina.post(
        f"/api/sets/{set_id}/import/",
        {"file": SimpleUploadedFile("tabriz.csv", csv.encode())},
        format="multipart",
    )
    assert (imported.status_code, imported.json()) == (201, {"created": 2})
    sara = signed_up("sara")
    assert sara.post("/api/quizzes/", {"set": set_id}, format="json").status_code == 404  # a draft
    assert tina.patch(f"/api/sets/{set_id}/", {"is_published": True}, format="json").status_code == 200

    quiz = sara.post("/api/quizzes/", {"set": set_id}, format="json").json()
    assert {"id", "set", "questions", "started_at", "deadline"} <= set(quiz) and len(quiz["questions"]) == 3
    for number, shown in enumerate(quiz["questions"]):
        answer = answer_for(shown["id"], right=number > 0)
        saved = sara.put(
            f"/api/quizzes/{quiz['id']}/answers/{shown['id']}/", {"answer": answer}, format="json"
        )
        assert saved.status_code == 200
    result = sara.post(f"/api/quizzes/{quiz['id']}/submit/").json()

    assert {"score", "total", "percent", "results"} <= set(result)
    assert (result["score"], result["total"], result["percent"]) == (2, 3, 66.7)
    assert {"question", "given", "correct", "correct_answer", "explanation"} <= set(result["results"][0])
    results = tina.get(f"/api/sets/{set_id}/results/").json()
    assert results["students"] == [
        {"username": "sara", "attempts": 1, "best_percent": 66.7, "last_percent": 66.7, "reviews": 0,
         "accuracy": None},
    ]  # fmt: skip
    assert {row["question"] for row in results["questions"]} == {shown["id"] for shown in quiz["questions"]}
    assert tina.get(f"/api/quizzes/{quiz['id']}/").json()["result"]["score"] == 2
    assert sara.get("/api/scores/me/").json()["sets"][0]["best_quiz_percent"] == 66.7
