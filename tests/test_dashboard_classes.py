"""The dashboard shows a student their classes' sets first, then the others, and searches titles."""

import datetime as dt

import pytest
from factories import authored_set, make_user

from quizzes.models import Assignment, QuestionSet
from quizzes.services import classes

pytestmark = pytest.mark.django_db


def assign(question_set, school_class):
    Assignment.objects.create(
        target_reviews=10,
        school_class=school_class,
        question_set=question_set,
        kind="study",
        due_at=dt.datetime.now(dt.UTC),
    )


@pytest.fixture
def school_class(tina, alice):
    school_class = classes.create_class(teacher=tina, name="7A")
    classes.join_class(user=alice, join_code=school_class.join_code)
    return school_class


def titles(sets) -> list[str]:
    return [question_set.title for question_set in sets]


def test_the_classes_sets_come_first_then_the_public_ones(student, tina, school_class):
    authored_set(owner=tina, title="Anatolia", is_published=True)
    assigned_public = authored_set(owner=tina, title="Zanzibar", is_published=True)
    class_only = authored_set(owner=tina, title="Persia (7A)", is_published=True)
    QuestionSet.objects.filter(pk=class_only.pk).update(visibility="class")
    assign(assigned_public, school_class)
    assign(class_only, school_class)

    response = student.get("/")

    assert titles(response.context["class_sets"]) == ["Persia (7A)", "Zanzibar"]
    assert titles(response.context["sets"]) == ["Anatolia"]
    page = response.content.decode()
    page = page[page.index('id="set-search"') :]  # the sets, after "Assigned to you" above them
    assert page.index("From your classes") < page.index("Persia (7A)") < page.index("Other sets")
    assert page.index("Other sets") < page.index("Anatolia")


def test_without_a_class_the_dashboard_is_as_before(client, tina):
    authored_set(owner=tina, title="Anatolia", is_published=True)
    client.force_login(make_user("carol"))

    response = client.get("/")

    assert response.context["class_sets"] == []
    assert titles(response.context["sets"]) == ["Anatolia"]
    assert "From your classes" not in response.content.decode()


def test_search_matches_titles_in_both_lists(student, tina, school_class):
    for title in ("Persia 1909", "Persia 1911", "Anatolia"):
        authored_set(owner=tina, title=title, is_published=True)
    assign(QuestionSet.objects.get(title="Persia 1911"), school_class)

    response = student.get("/?q=persia")
    nothing = student.get("/?q=Atlantis")

    assert titles(response.context["class_sets"]) == ["Persia 1911"]
    assert titles(response.context["sets"]) == ["Persia 1909"]
    assert 'value="persia"' in response.content.decode()
    assert "No set’s title has “Atlantis”" in nothing.content.decode()


def test_the_dashboard_takes_as_many_queries_for_20_sets_and_classes_as_for_2(
    student, tina, alice, django_assert_num_queries
):
    counts = []
    for size in (2, 20):
        for n in range(size - QuestionSet.objects.count() // 2):
            school_class = classes.create_class(teacher=tina, name=f"Class {size}-{n}")
            classes.join_class(user=alice, join_code=school_class.join_code)
            assign(authored_set(owner=tina, title=f"Class set {size}-{n}", is_published=True), school_class)
            authored_set(owner=tina, title=f"Public set {size}-{n}", is_published=True)
        for url in ("/", "/?q=set"):
            with django_assert_num_queries(13) as captured:
                assert student.get(url).status_code == 200
            counts.append(len(captured))

    assert len(set(counts)) == 1


def test_the_dashboard_lists_a_page_of_other_sets_the_studied_ones_first(client, tina, alice):
    from quizzes.selectors.classes import OTHER_SETS_PER_PAGE
    from quizzes.services.study import introduce_card

    many = OTHER_SETS_PER_PAGE + 5
    for number in range(many):
        authored_set(owner=tina, title=f"Set {number:02}", is_published=True)
    studied = QuestionSet.objects.get(title=f"Set {many - 1:02}")  # last by title
    introduce_card(user=alice, question=studied.questions.first(), now=dt.datetime.now(dt.UTC))
    client.force_login(alice)

    first = client.get("/")
    second = client.get("/?page=2")
    beyond = client.get("/?page=9")

    assert titles(first.context["sets"])[:2] == [studied.title, "Set 00"]
    assert len(first.context["sets"]) == OTHER_SETS_PER_PAGE and first.context["more"]
    assert 'href="?page=2"' in first.content.decode()
    assert len(second.context["sets"]) == many - OTHER_SETS_PER_PAGE and not second.context["more"]
    assert set(titles(first.context["sets"])).isdisjoint(titles(second.context["sets"]))
    assert 'href="?page=1"' in second.content.decode()
    assert beyond.status_code == 200 and "No more sets" in beyond.content.decode()
    for odd in ("0", "-1", "x", "9" * 5000):
        assert client.get(f"/?page={odd}").context["page"] == 1
