"""Copying questions of other sets (e.g. generated ones) into a teacher's own set: from any
other set the teacher can see, in the API and on the page alike."""

import pytest
from factories import generated_set

from quizzes.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    return generated_set()


def test_the_copy_page_filters_by_set_kind_and_type(teacher, tinas_draft, tinas_set, generated):
    page = teacher.get(
        f"/teach/sets/{tinas_draft.pk}/copy/", {"source_set": generated.pk, "kind": "person", "type": "text"}
    )

    expected = Question.objects.filter(question_set=generated, kind="person", type="text")
    assert page.status_code == 200
    assert [q.pk for q in page.context["candidates"]] == sorted(expected.values_list("pk", flat=True))
    assert expected.count() > 0
    assert 'id="copy-all"' in page.content.decode()


def test_other_sets_the_teacher_can_see_are_offered_not_the_set_itself(
    teacher, tinas_set, tinas_draft, generated, tom
):
    from factories import authored_set

    toms_draft = authored_set(owner=tom, title="Tom's draft", is_published=False)

    page = teacher.get(f"/teach/sets/{tinas_set.pk}/copy/")

    offered = {q.question_set_id for q in page.context["candidates"].paginator.object_list}
    assert offered == {generated.pk, tinas_draft.pk}  # her own draft, not the set itself, not Tom's draft
    assert toms_draft.pk not in offered


def test_the_api_copies_by_the_same_rule(tina, tom, tinas_set, tinas_draft):
    from factories import api_client_for, authored_set

    toms_draft = authored_set(owner=tom, title="Tom's draft", is_published=False)
    client = api_client_for(tina)

    itself = client.post(f"/api/sets/{tinas_set.pk}/copy/", {"from_set": tinas_set.pk}, format="json")
    from_toms_draft = client.post(
        f"/api/sets/{tinas_set.pk}/copy/", {"from_set": toms_draft.pk}, format="json"
    )
    from_her_draft = client.post(
        f"/api/sets/{tinas_set.pk}/copy/", {"from_set": tinas_draft.pk}, format="json"
    )

    assert (itself.status_code, from_toms_draft.status_code, from_her_draft.status_code) == (404, 404, 201)


def test_ticked_questions_are_copied_and_editable(teacher, tinas_draft, generated):
    picked = list(Question.objects.filter(question_set=generated, type="choice").order_by("pk")[:2])

    response = teacher.post(f"/teach/sets/{tinas_draft.pk}/copy/", {"questions": [q.pk for q in picked]})

    assert response.status_code == 302 and response["Location"] == f"/teach/sets/{tinas_draft.pk}/"
    copies = list(tinas_draft.questions.filter(prompt__in=[q.prompt for q in picked]).order_by("pk"))
    assert [c.prompt for c in copies] == [q.prompt for q in picked]
    assert [c.text for c in copies[0].choices.all()] == [c.text for c in picked[0].choices.all()]
    assert copies[0].source_sentence_id == picked[0].source_sentence_id
    assert {c.pk for c in copies}.isdisjoint({q.pk for q in picked})
    assert teacher.get(f"/teach/questions/{copies[0].pk}/edit/").status_code == 200


def test_a_whole_set_is_copied_with_copy_all(teacher, tinas_draft, generated):
    before = tinas_draft.questions.count()

    teacher.post(f"/teach/sets/{tinas_draft.pk}/copy/?source_set={generated.pk}", {"copy": "all"})

    assert tinas_draft.questions.count() == before + generated.questions.count()


def test_copy_all_keeps_the_kind_and_type_filter(teacher, tinas_draft, generated):
    before = tinas_draft.questions.count()

    teacher.post(
        f"/teach/sets/{tinas_draft.pk}/copy/?source_set={generated.pk}&kind=date&type=order", {"copy": "all"}
    )

    copied = tinas_draft.questions.count() - before
    assert copied == generated.questions.filter(kind="date", type="order").count() > 0


def test_copy_all_needs_a_chosen_set(teacher, tinas_draft, generated):
    before = Question.objects.count()

    page = teacher.post(f"/teach/sets/{tinas_draft.pk}/copy/", {"copy": "all"})

    assert page.status_code == 400 and Question.objects.count() == before
    assert "Choose the set to copy first." in page.content.decode()


def test_nothing_ticked_is_a_400_saying_so(teacher, tinas_draft, generated):
    page = teacher.post(f"/teach/sets/{tinas_draft.pk}/copy/", {"copy": "ticked"})

    assert page.status_code == 400
    assert "Tick at least one question to copy." in page.content.decode()


def test_another_teachers_draft_cannot_be_copied(teacher, tinas_draft, tom):
    from factories import authored_set

    toms_draft = authored_set(owner=tom, title="Tom's draft", is_published=False)
    before = tinas_draft.questions.count()

    page = teacher.post(
        f"/teach/sets/{tinas_draft.pk}/copy/",
        {"questions": list(toms_draft.questions.values_list("pk", flat=True))},
    )

    assert page.status_code == 400 and tinas_draft.questions.count() == before


def test_the_copy_page_takes_a_constant_number_of_queries(
    teacher, tinas_draft, generated, django_assert_num_queries
):
    # session, user, set, the chosen set (validation), count, page, choices, accepted answers,
    # the offered sets (the select)
    with django_assert_num_queries(9):
        page = teacher.get(f"/teach/sets/{tinas_draft.pk}/copy/", {"source_set": generated.pk})
    assert len(page.context["candidates"]) == 50
