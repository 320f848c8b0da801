import datetime as dt

import pytest
from factories import authored_set

from quizzes.models import Attempt, AttemptAnswer, Question
from quizzes.selectors.progress import KNOWN_WELL_MIN_ANSWERS
from quizzes.services import attempts
from quizzes.services.study import introduce_card, review_card

pytestmark = pytest.mark.django_db


def test_a_quiz_is_chosen_answered_page_by_page_and_scored(student, question_set):
    response = student.post(
        f"/sets/{question_set.pk}/quiz/", {"size": 3, "types": ["text"], "layout": "paged"}, follow=True
    )
    attempt = Attempt.objects.get()
    assert response.status_code == 200 and len(response.context["items"]) == 1

    for number, question_id in enumerate(attempt.question_ids, start=1):
        question = Question.objects.get(pk=question_id)
        student.post(
            f"/quizzes/{attempt.pk}/answers/{question_id}/",
            {"answer": question.answer, "layout": "paged", "next": number + 1},
        )
    reloaded = student.get(f"/quizzes/{attempt.pk}/?layout=paged&q=2")
    assert reloaded.context["items"][0]["saved"] == Question.objects.get(pk=attempt.question_ids[1]).answer

    result = student.post(f"/quizzes/{attempt.pk}/submit/", follow=True)

    assert b"3 / 3" in result.content
    assert Attempt.objects.get().score == 3


def test_answers_are_saved_as_they_are_given_with_htmx(student, question_set):
    attempt = attempts.start_quiz(
        user=student_user(student), question_set=question_set, size=2, types=["true_false"]
    )

    response = student.post(
        f"/quizzes/{attempt.pk}/answers/{attempt.question_ids[0]}/",
        {"answer": "true"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200 and response.content.startswith(b"Saved.")
    assert b'<span id="answered-count" hx-swap-oob="true">1</span>' in response.content
    assert AttemptAnswer.objects.get().given is True


def test_all_on_one_page_shows_every_question(student, question_set):
    attempt = attempts.start_quiz(user=student_user(student), question_set=question_set, size=4)

    page = student.get(f"/quizzes/{attempt.pk}/?layout=all")

    assert len(page.context["items"]) == 4


def test_a_late_answer_is_refused_and_the_quiz_scored(student, question_set):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    attempt = attempts.start_quiz(
        user=student_user(student),
        question_set=question_set,
        size=2,
        types=["text"],
        time_limit_s=60,
        now=started,
    )  # typed questions: "x" is an answer to them (an order question would take it as none given)

    late = student.post(
        f"/quizzes/{attempt.pk}/answers/{attempt.question_ids[0]}/", {"answer": "x"}, HTTP_HX_REQUEST="true"
    )
    page = student.get(f"/quizzes/{attempt.pk}/")

    assert late.status_code == 409
    assert page.templates[0].name == "quizzes/quiz_result.html"


def test_an_empty_quiz_form_is_refused_with_the_reasons_beside_the_fields(student, question_set):
    page = student.post(f"/sets/{question_set.pk}/quiz/", {})

    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"size", "layout"}
    content = page.content.decode()
    assert '<p class="field-error" id="id_size_error">This field is required.</p>' in content
    assert '<p class="field-error">This field is required.</p>' in content.split("<legend>Layout</legend>")[1]
    assert not Attempt.objects.exists()


def test_an_invalid_quiz_form_is_refused_and_keeps_what_was_given(student, question_set):
    page = student.post(
        f"/sets/{question_set.pk}/quiz/",
        {"size": "0", "minutes": "100000", "kinds": ["nothing"], "layout": "all"},
    )

    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"size", "minutes", "kinds"}
    content = page.content.decode()
    assert 'id="id_size_error">Ensure this value is greater than or equal to 1.' in content
    assert 'id="id_minutes_error">Ensure this value is less than or equal to 360.' in content
    assert 'value="100000"' in content
    assert not Attempt.objects.exists()


def test_a_quiz_with_no_matching_question_explains_why(student, tinas_set):
    page = student.post(
        f"/sets/{tinas_set.pk}/quiz/", {"size": 3, "kinds": ["person"], "types": ["order"], "layout": "all"}
    )

    assert page.status_code == 400 and b"No question of this set matches" in page.content


def test_someone_elses_quiz_is_a_404(client, bob, question_set, alice):
    attempt = attempts.start_quiz(user=alice, question_set=question_set, size=2)
    client.force_login(bob)

    assert client.get(f"/quizzes/{attempt.pk}/").status_code == 404
    assert client.post(f"/quizzes/{attempt.pk}/submit/").status_code == 404


def test_the_progress_page_draws_the_charts(student, alice, question_set):
    question = question_set.questions.filter(person__isnull=False, type="text").first()
    card = introduce_card(user=alice, question=question, now=dt.datetime.now(dt.UTC))
    review_card(user=alice, card_id=card.pk, answer=question.answer)

    page = student.get("/progress/")

    assert page.status_code == 200
    content = page.content.decode()
    assert "1 review on 1 day in the last 26 weeks" in content
    assert content.count("<rect") >= 30
    assert question.person.name in content


def test_the_quiz_form_offers_the_kinds_and_types_the_set_has_with_their_counts(student, tinas_set):
    form = student.get(f"/sets/{tinas_set.pk}/quiz/").context["form"]

    assert dict(form.fields["kinds"].choices) == {
        "date": "Dates (2)",
        "person": "People (1)",
        "place": "Places (1)",
    }
    assert dict(form.fields["types"].choices) == {
        "choice": "Multiple choice (1)", "text": "Typed answer (1)", "true_false": "True or false (1)",
        "order": "Put in order (1)",
    }  # fmt: skip


def test_an_empty_answer_saves_nothing_and_says_so(student, alice, question_set):
    attempt = attempts.start_quiz(user=alice, question_set=question_set, size=2, types=["text"])

    response = student.post(
        f"/quizzes/{attempt.pk}/answers/{attempt.question_ids[0]}/", {"answer": "  "}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200 and response.content.startswith(b"Not answered yet.")
    assert not AttemptAnswer.objects.exists()


def test_an_order_with_two_items_in_one_place_is_refused_with_the_reason(student, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, types=["order"])
    question = Question.objects.get(pk=attempt.question_ids[0])

    response = student.post(
        f"/quizzes/{attempt.pk}/answers/{question.pk}/",
        {"item": question.answer, "position": ["1", "1", "2"]},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 400
    assert response.content.startswith(b"Give each item its own place, from 1 to 3.")
    assert not AttemptAnswer.objects.exists()


def test_an_order_answer_is_saved_in_the_places_given(student, alice, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, types=["order"])
    question = Question.objects.get(pk=attempt.question_ids[0])
    shown = list(reversed(question.answer))

    student.post(
        f"/quizzes/{attempt.pk}/answers/{question.pk}/", {"item": shown, "position": ["3", "2", "1"]}
    )

    assert AttemptAnswer.objects.get().given == question.answer


def test_saving_and_moving_goes_to_the_question_asked_for(student, alice, question_set):
    attempt = attempts.start_quiz(user=alice, question_set=question_set, size=3, types=["true_false"])

    response = student.post(
        f"/quizzes/{attempt.pk}/answers/{attempt.question_ids[0]}/",
        {"answer": "false", "layout": "paged", "next": "3"},
    )
    page = student.get(response["Location"])

    assert response["Location"] == f"/quizzes/{attempt.pk}/?layout=paged&q=3"
    assert page.context["items"][0]["question"].pk == attempt.question_ids[2]
    assert [item["answered"] for item in page.context["all_items"]] == [True, False, False]


def test_the_sets_teacher_sees_a_students_result_but_not_a_quiz_in_progress(client, alice, tina, tinas_set):
    taken = attempts.start_quiz(user=alice, question_set=tinas_set, size=2)
    attempts.submit_quiz(user=alice, attempt_id=taken.pk)
    taking = attempts.start_quiz(user=alice, question_set=tinas_set, size=2)
    client.force_login(tina)

    assert client.get(f"/quizzes/{taking.pk}/").status_code == 404
    result = client.get(f"/quizzes/{taken.pk}/")
    assert result.status_code == 200 and "Taken by <bdi>alice</bdi>" in result.content.decode()


def test_the_teacher_reads_what_the_student_answered_by_name(client, alice, tina, tinas_set):
    attempt = attempts.start_quiz(user=alice, question_set=tinas_set, size=1, types=["text"])
    attempts.save_answer(
        user=alice, attempt_id=attempt.pk, question_id=attempt.question_ids[0], answer="Ляхов"
    )
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)
    client.force_login(tina)

    as_teacher = client.get(f"/quizzes/{attempt.pk}/").content.decode()
    client.force_login(alice)
    as_taker = client.get(f"/quizzes/{attempt.pk}/").content.decode()

    assert "<bdi>alice</bdi> answered <bdi>Ляхов</bdi>." in as_teacher and "You answered" not in as_teacher
    assert "You answered <bdi>Ляхов</bdi>." in as_taker


def test_the_result_shows_unanswered_questions_as_such(student, alice, question_set):
    attempt = attempts.start_quiz(user=alice, question_set=question_set, size=2, types=["text"])
    attempts.submit_quiz(user=alice, attempt_id=attempt.pk)

    content = student.get(f"/quizzes/{attempt.pk}/").content.decode()

    assert content.count("Not answered.") == 2 and "<strong>0%</strong>" in content


def test_the_progress_page_splits_what_is_known_well_from_what_is_missed(student, alice, question_set):
    now = dt.datetime.now(dt.UTC)
    people = question_set.questions.filter(person__isnull=False, type="text").select_related("person")
    known, missed = people[0], people.exclude(person=people[0].person)[0]
    for question, answer in ((known, known.answer), (missed, "certainly wrong")):
        card = introduce_card(user=alice, question=question, now=now)
        for _ in range(KNOWN_WELL_MIN_ANSWERS):  # fewer would be too few answers to tell
            review_card(user=alice, card_id=card.pk, answer=answer)

    people_lists = student.get("/progress/").context["mastery"]["People"]

    assert [row.label for row in people_lists["best"]] == [known.person.name]
    assert [row.label for row in people_lists["worst"]] == [missed.person.name]


def test_the_pages_take_as_many_queries_with_a_long_history_as_with_a_short_one(
    student, alice, question_set, tina, django_assert_max_num_queries
):
    now = dt.datetime.now(dt.UTC)
    # On a set of its own: while the quiz is open, its set's study pauses.
    attempt = attempts.start_quiz(
        user=alice, question_set=authored_set(owner=tina, title="Quiz set", is_published=True), size=3
    )
    # The dashboard and progress pages first score quizzes whose time ran out: one UPDATE,
    # whatever their number. The dashboard reads its sets' owners in a query of their own,
    # the sets' study counts being plain SQL, the sets of the student's classes in one more,
    # the page of other sets to list in one more, and their assignments in one more (none
    # here). The progress page's "Your scheduler" reads the log's size and the last fit (two
    # queries; one more when that fit is not done).
    pages = {"/": 12, "/progress/": 17, f"/sets/{question_set.pk}/study/": 8, f"/quizzes/{attempt.pk}/": 8}
    for reviews in (2, 40):
        for question in question_set.questions.exclude(cards__user=alice)[:reviews]:
            card = introduce_card(user=alice, question=question, now=now)
            review_card(user=alice, card_id=card.pk, rating=1)
        authored_set(owner=tina, title=f"Another set {reviews}", is_published=True)
        for url, limit in pages.items():
            with django_assert_max_num_queries(limit):
                assert student.get(url).status_code == 200


def student_user(client):
    from accounts.models import User

    return User.objects.get(pk=client.session["_auth_user_id"])
