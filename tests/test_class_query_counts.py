"""Class lists and members take as many queries for 20 members as for 2."""

import pytest
from factories import api_client_for, make_user

from quizzes.services import classes

pytestmark = pytest.mark.django_db


def grown(school_class, to: int):
    for n in range(school_class.memberships.count(), to):
        classes.join_class(user=make_user(f"pupil{school_class.pk}x{n}"), join_code=school_class.join_code)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/classes/", 1),
        ("/api/classes/{id}/", 1),
        ("/api/classes/{id}/members/", 2),
    ],
)
def test_the_class_api_takes_the_same_queries_for_2_members_as_for_20(
    tina, django_assert_num_queries, url, queries
):
    school_classes = [classes.create_class(teacher=tina, name=f"Class {n}") for n in range(3)]
    client = api_client_for(tina)
    for size in (2, 20):
        for school_class in school_classes:
            grown(school_class, size)
        with django_assert_num_queries(queries):
            assert client.get(url.format(id=school_classes[0].pk)).status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"), [("/teach/classes/", 3), ("/teach/classes/{id}/", 5), ("/classes/", 3)]
)
def test_the_class_pages_take_the_same_queries_for_2_members_as_for_20(
    client, tina, alice, django_assert_num_queries, url, queries
):
    school_classes = [classes.create_class(teacher=tina, name=f"Class {n}") for n in range(3)]
    for school_class in school_classes:
        classes.join_class(user=alice, join_code=school_class.join_code)
    client.force_login(alice if url == "/classes/" else tina)
    for size in (2, 20):
        for school_class in school_classes:
            grown(school_class, size)
        with django_assert_num_queries(queries):
            assert client.get(url.format(id=school_classes[0].pk)).status_code == 200
