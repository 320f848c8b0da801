"""My sets: list, create, edit, publish, delete (with a confirmation page)."""

import pytest
from factories import generated_set

from quizzes.models import QuestionSet

pytestmark = pytest.mark.django_db


def test_my_sets_lists_only_my_own_sets(teacher, tinas_set, tinas_draft, tom):
    toms = QuestionSet.objects.create(owner=tom, title="Tom's set", is_published=True)

    page = teacher.get("/teach/")

    assert page.status_code == 200
    assert [s.title for s in page.context["sets"]] == ["Tina's dates", "Tina's draft"]
    assert toms.title not in page.content.decode()
    assert "<title>My sets" in page.content.decode()
    assert page.context["sets"][0].question_count == 4


def test_an_admin_sees_every_authored_set_and_the_generated_ones(client, ada, tinas_set):
    generated = generated_set()
    client.force_login(ada)

    page = client.get("/teach/")

    assert [s.title for s in page.context["sets"]] == ["Tina's dates"]
    assert [s.title for s in page.context["generated_sets"]] == [generated.title]
    assert f"/teach/sets/{generated.pk}/results/" in page.content.decode()


def test_a_teacher_creates_a_set_and_lands_on_it(teacher, tina):
    response = teacher.post("/teach/sets/new/", {"title": "  Тегеран 1909  ", "description": "Дата"})

    question_set = QuestionSet.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/teach/sets/{question_set.pk}/"
    assert (question_set.title, question_set.owner, question_set.is_published) == (
        "Тегеран 1909",
        tina,
        False,
    )


def test_a_set_without_a_title_is_refused_beside_the_field(teacher):
    page = teacher.post("/teach/sets/new/", {"title": "", "description": "No title"})

    assert page.status_code == 400
    assert not QuestionSet.objects.exists()
    assert '<p class="field-error" id="id_title_error">This field is required.</p>' in page.content.decode()


def test_a_teacher_edits_the_title_and_description(teacher, tinas_set):
    page = teacher.get(f"/teach/sets/{tinas_set.pk}/edit/")
    assert page.status_code == 200 and 'value="Tina&#x27;s dates"' in page.content.decode()

    response = teacher.post(
        f"/teach/sets/{tinas_set.pk}/edit/",
        {"title": "مشروطه", "description": "انقلاب", "is_published": "on"},
    )

    tinas_set.refresh_from_db()
    assert response.status_code == 302
    assert (tinas_set.title, tinas_set.description, tinas_set.is_published) == ("مشروطه", "انقلاب", True)


def test_an_edit_with_a_too_long_title_saves_nothing(teacher, tinas_set):
    page = teacher.post(f"/teach/sets/{tinas_set.pk}/edit/", {"title": "x" * 201})

    tinas_set.refresh_from_db()
    assert page.status_code == 400 and tinas_set.title == "Tina's dates"
    assert "at most 200 characters" in page.content.decode()


def test_publish_and_unpublish(teacher, tinas_draft):
    response = teacher.post(f"/teach/sets/{tinas_draft.pk}/publish/", {"is_published": "1"})
    tinas_draft.refresh_from_db()
    assert response.status_code == 302 and tinas_draft.is_published

    teacher.post(f"/teach/sets/{tinas_draft.pk}/publish/", {"is_published": "0", "back": "list"})
    tinas_draft.refresh_from_db()
    assert not tinas_draft.is_published


def test_publishing_with_htmx_answers_the_button_in_its_new_state(teacher, tinas_draft):
    response = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/publish/", {"is_published": "1"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<form") and "Published" in body and "Unpublish" in body
    assert "<html" not in body


def test_publish_is_a_post(teacher, tinas_draft):
    assert teacher.get(f"/teach/sets/{tinas_draft.pk}/publish/").status_code == 405


def test_deleting_a_set_asks_first_then_deletes(teacher, tinas_set):
    confirm = teacher.get(f"/teach/sets/{tinas_set.pk}/delete/")
    assert confirm.status_code == 200 and QuestionSet.objects.filter(pk=tinas_set.pk).exists()
    assert "4 questions" in confirm.content.decode()

    response = teacher.post(f"/teach/sets/{tinas_set.pk}/delete/")

    assert response.status_code == 302 and response["Location"] == "/teach/"
    assert not QuestionSet.objects.filter(pk=tinas_set.pk).exists()


def test_another_teachers_set_is_not_found(client, tom, tinas_set):
    client.force_login(tom)

    for path in ("", "edit/", "delete/", "results/"):
        assert client.get(f"/teach/sets/{tinas_set.pk}/{path}").status_code == 404
    assert client.post(f"/teach/sets/{tinas_set.pk}/delete/").status_code == 404
    assert client.post(f"/teach/sets/{tinas_set.pk}/publish/", {"is_published": "0"}).status_code == 404
    assert QuestionSet.objects.get(pk=tinas_set.pk).is_published


def test_my_sets_takes_four_queries_whatever_the_number_of_sets(teacher, tina, django_assert_num_queries):
    for number in range(5):
        QuestionSet.objects.create(owner=tina, title=f"Set {number}")

    with django_assert_num_queries(4):  # session, user, the sets with their counts, the classes taught
        assert teacher.get("/teach/").status_code == 200


def test_an_empty_form_is_refused_not_shown_again_as_new(teacher):
    page = teacher.post("/teach/sets/new/", {})

    assert page.status_code == 400 and not QuestionSet.objects.exists()
    assert page.context["form"].errors["title"] == ["This field is required."]
