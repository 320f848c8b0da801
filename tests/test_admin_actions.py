"""Admin panel actions: regenerate a source's questions, export sets, roles; delete
confirmation; the question rules applied to edits in the panel."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from factories import authored_set, fact_document, make_user

from accounts.models import User
from quizzes.facts.loader import load_fact_source
from quizzes.generation.sync import generate_questions
from quizzes.models import Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(client):
    user = User.objects.create_superuser("boss", "boss@example.com", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture
def source():
    source, _ = load_fact_source(fact_document())
    return source


def run_action(client, model: str, action: str, ids, **extra):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in ids], **extra},
        follow=not action.startswith("export"),
    )


def test_regenerating_a_source_builds_its_set_as_the_command_does(boss, source):
    response = run_action(boss, "quizzes_source", "regenerate_questions", [source.pk])

    question_set = QuestionSet.objects.get(source=source)
    assert response.status_code == 200
    assert question_set.questions.count() > 0
    total = question_set.questions.count()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        f"A small war: {total} questions ({total} created, 0 updated, 0 deleted, 0 unchanged)"
    ]


def test_regenerating_again_restores_a_question_changed_behind_its_back_and_keeps_its_id(boss, source):
    """A change that no person made through the panel, the pages or the API (so not marked
    edited: tests/test_admin_sources.py) is drift, and regeneration repairs it."""
    generate_questions(source=source)
    question = Question.objects.get(generator_key="where-text:taking")
    Question.objects.filter(pk=question.pk).update(prompt="Edited by hand")

    response = run_action(boss, "quizzes_source", "regenerate_questions", [source.pk])

    question.refresh_from_db()
    assert question.prompt != "Edited by hand"
    assert "(0 created, 1 updated, 0 deleted" in str(list(response.context["messages"])[0])


def test_regenerating_from_the_sets_list_skips_authored_sets_with_a_warning(boss, source, tina):
    generated = generate_questions(source=source).question_set
    authored = authored_set(owner=tina, title="Tina's", is_published=False)

    response = run_action(boss, "quizzes_questionset", "regenerate_from_source", [generated.pk, authored.pk])

    messages = [str(m) for m in response.context["messages"]]
    assert "1 of the selected sets has no fact source" in messages[0]
    assert messages[1].startswith("A small war:") and "unchanged" in messages[1]
    assert authored.questions.count() == 4


@pytest.mark.parametrize("file_format", ["csv", "json", "gift", "apkg"])
def test_exporting_one_set_downloads_its_file(boss, tina, file_format):
    question_set = authored_set(owner=tina, title="Tina's dates", is_published=True)

    response = run_action(boss, "quizzes_questionset", f"export_{file_format}", [question_set.pk])

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="tinas-dates.')
    if file_format == "json":
        assert len(json.loads(response.content)["questions"]) == 4


def test_exporting_several_sets_downloads_a_zip_of_their_files(boss, tina):
    first = authored_set(owner=tina, title="Same title", is_published=True)
    second = authored_set(owner=tina, title="Same title", is_published=False)

    response = run_action(boss, "quizzes_questionset", "export_csv", [first.pk, second.pk])

    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"{first.pk}-same-title.csv", f"{second.pk}-same-title.csv"]


def test_deleting_a_set_in_the_panel_asks_for_confirmation_first(boss, tina):
    question_set = authored_set(owner=tina, title="Doomed", is_published=False)
    url = reverse("admin:quizzes_questionset_delete", args=[question_set.pk])

    confirm = boss.get(url)
    assert confirm.status_code == 200 and b"Are you sure" in confirm.content
    assert QuestionSet.objects.filter(pk=question_set.pk).exists()

    boss.post(url, {"post": "yes"})
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()


def test_deleting_selected_sets_asks_for_confirmation_first(boss, tina):
    question_set = authored_set(owner=tina, title="Doomed", is_published=False)

    confirm = run_action(boss, "quizzes_questionset", "delete_selected", [question_set.pk])
    assert b"Are you sure" in confirm.content and QuestionSet.objects.filter(pk=question_set.pk).exists()

    run_action(boss, "quizzes_questionset", "delete_selected", [question_set.pk], post="yes")
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()


def question_change_form(question, **changes) -> dict:
    """The change form's POST for a question with its choices inline."""
    choices = list(question.choices.all())
    form = {
        "question_set": question.question_set_id, "kind": question.kind, "type": question.type,
        "prompt": question.prompt, "answer": json.dumps(question.answer), "explanation": question.explanation,
        "choices-TOTAL_FORMS": len(choices), "choices-INITIAL_FORMS": len(choices),
        "choices-MIN_NUM_FORMS": 0, "choices-MAX_NUM_FORMS": 1000,
        "accepted_answers-TOTAL_FORMS": 0, "accepted_answers-INITIAL_FORMS": 0,
        "accepted_answers-MIN_NUM_FORMS": 0, "accepted_answers-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for number, choice in enumerate(choices):
        prefix = f"choices-{number}-"
        form.update({f"{prefix}id": choice.pk, f"{prefix}question": question.pk,
                     f"{prefix}text": choice.text, f"{prefix}position": choice.position})  # fmt: skip
    form.update(changes)
    return form


def test_the_panel_refuses_a_choice_answer_that_is_not_a_choice(boss, tina):
    question = authored_set(owner=tina, title="T", is_published=False).questions.get(type="choice")
    url = reverse("admin:quizzes_question_change", args=[question.pk])

    page = boss.post(url, question_change_form(question, answer="1 May 1910"))

    question.refresh_from_db()
    assert page.status_code == 200  # the form again, with the reason
    assert 'answer: The answer "1 May 1910" is not among the choices.' in page.content.decode().replace(
        "&quot;", '"'
    )
    assert question.answer == "20 April 1909"


def test_the_panel_takes_a_plain_text_answer(boss, tina):
    question = authored_set(owner=tina, title="T", is_published=False).questions.get(type="choice")
    url = reverse("admin:quizzes_question_change", args=[question.pk])

    response = boss.post(url, question_change_form(question, answer="24 June 1908"))

    question.refresh_from_db()
    assert response.status_code == 302
    assert question.answer == "24 June 1908"


def test_the_questions_list_shows_readable_answers(boss, tina):
    authored_set(owner=tina, title="T", is_published=False)

    page = boss.get(reverse("admin:quizzes_question_changelist"), {"type__exact": "order"})

    assert "1. Coup against the Majlis; 2. Occupation of Tabriz; 3. Ultimatum" in page.content.decode()


def test_the_questions_list_searches_choices(boss, tina):
    authored_set(owner=tina, title="T", is_published=False)

    page = boss.get(reverse("admin:quizzes_question_changelist"), {"q": "24 June 1908"})

    assert page.context["cl"].result_count == 1


def test_sets_filter_by_origin_and_show_their_question_counts(boss, source, tina):
    generate_questions(source=source)
    authored_set(owner=tina, title="Tina's", is_published=False)

    page = boss.get(reverse("admin:quizzes_questionset_changelist"), {"origin": "authored"})

    assert [s.title for s in page.context["cl"].result_list] == ["Tina's"]
    assert page.context["cl"].result_list[0].question_total == 4


def test_roles_are_given_in_bulk_but_never_to_oneself(boss):
    alice, bob = make_user("alice"), make_user("bob")
    me = User.objects.get(username="boss")

    response = run_action(boss, "accounts_user", "make_teachers", [alice.pk, bob.pk, me.pk])

    assert set(User.objects.filter(role="teacher").values_list("username", flat=True)) == {"alice", "bob"}
    me.refresh_from_db()
    assert me.role == "admin" and me.is_staff
    messages = [str(m) for m in response.context["messages"]]
    assert "Your own role stays as it is." in messages and "Now teachers: alice, bob." in messages


def test_making_an_admin_a_student_takes_their_staff_status(boss):
    ada = make_user("ada", role="admin")

    run_action(boss, "accounts_user", "make_students", [ada.pk])

    ada.refresh_from_db()
    assert (ada.role, ada.is_staff) == ("student", False)


def test_a_teacher_without_staff_status_cannot_run_actions(client, tina, source):
    client.force_login(tina)

    response = client.post(
        reverse("admin:quizzes_source_changelist"),
        {"action": "regenerate_questions", "_selected_action": [source.pk]},
    )

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not QuestionSet.objects.filter(source=source).exists()


def test_an_admin_who_is_not_a_superuser_uses_the_whole_panel(client, source):
    ada = make_user("ada", role="admin")
    client.force_login(ada)

    assert client.get(reverse("admin:quizzes_question_changelist")).status_code == 200
    response = run_action(client, "quizzes_source", "regenerate_questions", [source.pk])

    assert response.status_code == 200 and QuestionSet.objects.get(source=source).questions.exists()


def test_a_teacher_made_staff_by_hand_gets_no_more_than_django_gives(client, source):
    tina = make_user("tina", role="teacher")
    User.objects.filter(pk=tina.pk).update(is_staff=True)
    client.force_login(tina)

    assert client.get(reverse("admin:quizzes_question_changelist")).status_code == 403
