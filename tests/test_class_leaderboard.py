"""GET /api/classes/{id}/leaderboard/: members by points on the class's assigned sets,
listed only under a nickname and if they did not opt out (as every leaderboard)."""

import pytest
from assignment_helpers import T0, add_reviews, assign, make_class, submitted_quiz
from factories import api_client_for, authored_set, make_listed, make_user

from accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seventh(tina, alice, bob, tinas_set):
    carla, dan = make_user("carla"), make_user("dan")
    school_class = make_class(tina, alice, bob, carla, dan)
    quiz = assign(school_class, tinas_set, kind="quiz")
    make_listed(alice, "Lion")
    make_listed(bob, "Owl")
    make_listed(carla, "Hidden one")
    User.objects.filter(pk=carla.pk).update(show_on_leaderboards=False)
    add_reviews(alice, tinas_set, times=[T0] * 2)  # 20 points
    add_reviews(bob, tinas_set, times=[T0] * 3)  # 30 points
    submitted_quiz(alice, quiz, at=T0, percent=100.0, total=4)  # 20 points
    add_reviews(carla, tinas_set, times=[T0] * 9)  # opted out
    add_reviews(dan, tinas_set, times=[T0] * 9)  # no nickname
    return school_class


def test_members_with_a_nickname_are_ranked_by_points_on_the_assigned_sets(alice, seventh):
    response = api_client_for(alice).get(f"/api/classes/{seventh.pk}/leaderboard/")

    assert response.status_code == 200
    assert [(row["username"], row["points"], row["you"]) for row in response.data] == [
        ("Lion", 40, True),
        ("Owl", 30, False),
    ]


def test_points_on_sets_not_assigned_to_the_class_do_not_count(tina, bob, seventh):
    elsewhere = authored_set(owner=tina, title="Other", is_published=True)
    add_reviews(bob, elsewhere, times=[T0] * 5)

    board = api_client_for(tina).get(f"/api/classes/{seventh.pk}/leaderboard/").data

    assert [(row["username"], row["points"]) for row in board] == [("Lion", 40), ("Owl", 30)]


def test_a_non_member_does_not_see_the_board(tom, seventh):
    outsider = make_user("eve")

    assert api_client_for(outsider).get(f"/api/classes/{seventh.pk}/leaderboard/").status_code == 404
    assert api_client_for(tom).get(f"/api/classes/{seventh.pk}/leaderboard/").status_code == 404


def test_the_usernames_never_appear(tina, seventh):
    text = api_client_for(tina).get(f"/api/classes/{seventh.pk}/leaderboard/").content.decode()

    assert not any(name in text for name in ("alice", "bob", "carla", "dan"))
