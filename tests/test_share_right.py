"""What "right" means is one thing wherever it is shown: the share of answers right in study and in
quizzes alike (selectors.progress.share_right), on the dashboard, in the scores and on every
leaderboard; a quiz question left unanswered is not right."""

import pytest
from django.core.cache import cache
from django.utils import timezone
from factories import api_client_for, make_listed
from study_helpers import right_answer, wrong_answer

from quizzes.models import Question
from quizzes.services import attempts
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(alice, tinas_set):
    """Alice answers 3 reviews (2 right) and a quiz of 4 questions (1 right, 1 wrong, 2 left
    unanswered): 3 right of 7 answers. Study alone would say 67%, the quiz alone 25%."""
    make_listed(alice, "Kermanshah Kid")
    for question, right in zip(tinas_set.questions.order_by("pk")[:3], (True, True, False), strict=True):
        card = introduce_card(user=alice, question=question, now=timezone.now())
        review_card(user=alice, card_id=card.pk, answer=(right_answer if right else wrong_answer)(question))
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=4)
    first, second = Question.objects.filter(pk__in=attempt.question_ids[:2]).order_by("pk")
    for question, answer in ((first, right_answer(first)), (second, wrong_answer(second))):
        attempts.save_answer(user=alice, attempt_id=attempt.pk, question_id=question.pk, answer=answer)
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)
    return alice


def test_the_scores_the_set_and_the_leaderboard_give_the_same_share_right(answered, tinas_set):
    client = api_client_for(answered)
    cache.clear()

    scores = client.get("/api/scores/me/").json()
    [row] = client.get(f"/api/sets/{tinas_set.pk}/leaderboard/").json()

    assert (scores["answers"], scores["right_answers"]) == (7, 3)
    assert (scores["reviews"], scores["correct"]) == (3, 2)  # the study side alone, as before
    assert scores["accuracy"] == scores["sets"][0]["accuracy"] == row["accuracy"] == round(3 / 7, 4)


def test_the_dashboard_and_the_set_page_show_that_share_and_say_what_it_is(client, answered, tinas_set):
    client.force_login(answered)

    dashboard = client.get("/").content.decode()
    set_page = client.get(f"/sets/{tinas_set.pk}/").content.decode()

    assert '<strong>43%</strong> of answers right <span class="help">in study and quizzes</span>' in dashboard
    assert '<td class="number">43%</td>' in set_page
    explained = "the share of all your answers that were right, in study and quizzes alike"
    assert explained in dashboard and explained in set_page
