"""The study page after a typed answer: a near miss is right with its difference marked; a
wrong one is shown before it is recorded, with Again or "I was right"; a reload still
cannot hide it. After a pick, the choices stay on screen with the pick and the right one."""

import pytest
from django.utils import timezone
from factories import generated_set

from quizzes.models import Card, Review
from quizzes.services import study

pytestmark = pytest.mark.django_db


@pytest.fixture
def typed_set(db):
    return generated_set()


def card_for(user, question_set, **question):
    target = question_set.questions.filter(**question).order_by("pk").first()
    return study.introduce_card(user=user, question=target, now=timezone.now())


def answer(client, question_set, card, given, client_id="c1"):
    return client.post(
        f"/sets/{question_set.pk}/study/",
        {"card": card.pk, "client_id": client_id, "action": "answer", "answer": given},
    )


def grade(client, question_set, card, *, rating, given, i_was_right=False, client_id="c1"):
    form = {"card": card.pk, "client_id": client_id, "action": "grade", "rating": rating, "given": given}
    if i_was_right:
        form["i_was_right"] = "1"
    return client.post(f"/sets/{question_set.pk}/study/", form)


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def test_a_near_miss_is_right_and_its_difference_is_marked(student, alice, typed_set):
    card = card_for(alice, typed_set, type="text", answer="Easttown")

    feedback = answer(student, typed_set, card, "Eastown")

    assert feedback.context["phase"] == "feedback" and feedback.context["correct"] is True
    assert feedback.context["verdict"] == "close"
    difference = feedback.context["difference"]
    assert [kind for kind, _ in difference] == ["same", "missing", "same"]
    assert "".join(part for _, part in difference) == "Easttown" and difference[1][1] == "t"
    assert "Right, though it is written <bdi>Easttown</bdi>." in text(feedback)
    assert '<ins><span class="sr-only">(missing: </span>t<span' in text(feedback)
    assert not Review.objects.exists()

    grade(student, typed_set, card, rating=3, given='"Eastown"')

    review = Review.objects.get()
    assert (review.rating, review.correct, review.self_graded) == (3, True, False)
    assert review.points > 0  # a new card is due: a near miss earns full points


def test_a_wrong_typed_answer_is_shown_before_it_is_recorded(student, alice, typed_set):
    card = card_for(alice, typed_set, type="text", answer="Easttown")

    feedback = answer(student, typed_set, card, "Westown")

    assert feedback.context["phase"] == "feedback" and feedback.context["correct"] is False
    assert feedback.context["overrulable"] is True
    assert not Review.objects.exists()
    page = text(feedback)
    assert "Not quite: you answered <bdi>Westown</bdi>." in page
    assert "Counted as Again, unless you were right" in page and "I was right:" in page
    assert page.count('name="i_was_right" value="1"') == 1
    assert [grade["default"] for grade in feedback.context["grades"]] == [True, False, False, False]


def test_again_after_a_wrong_typed_answer_records_it_as_again(student, alice, typed_set):
    card = card_for(alice, typed_set, type="text", answer="Easttown")
    answer(student, typed_set, card, "Westown")

    graded = grade(student, typed_set, card, rating=1, given='"Westown"', i_was_right=True)

    assert graded.status_code == 302
    review = Review.objects.get()
    assert (review.rating, review.correct, review.answer, review.points) == (1, False, "Westown", 0)


def test_i_was_right_counts_the_answer_as_self_graded(student, alice, typed_set):
    card = card_for(alice, typed_set, type="text", answer="Easttown")
    answer(student, typed_set, card, "East town on the river")

    grade(student, typed_set, card, rating=3, given='"East town on the river"', i_was_right=True)
    grade(student, typed_set, card, rating=3, given='"East town on the river"', i_was_right=True)  # twice

    review = Review.objects.get()
    assert (review.rating, review.correct, review.self_graded) == (3, True, True)
    new_card = Card(due=review.due_before, difficulty=None)
    full = study.review_points(
        card=new_card,
        rating=3,
        correct=True,
        self_graded=False,
        now=review.reviewed_at,
    )
    assert review.points == full // 2


def test_a_wrong_grade_without_i_was_right_stays_again(student, alice, typed_set):
    card = card_for(alice, typed_set, type="text", answer="Easttown")
    answer(student, typed_set, card, "Westown")

    grade(student, typed_set, card, rating=4, given='"Westown"')

    assert Review.objects.get().rating == Review.Rating.AGAIN


def test_a_reload_after_a_wrong_typed_answer_shows_its_answer_not_the_question(student, alice, typed_set):
    card = card_for(alice, typed_set, type="text", answer="Easttown")
    Card.objects.exclude(pk=card.pk).delete()
    typed_set.questions.exclude(pk=card.question_id).delete()  # so the reload can only show this card
    answer(student, typed_set, card, "Westown")

    reloaded = student.get(f"/sets/{typed_set.pk}/study/")

    assert reloaded.context["card"].pk == card.pk and reloaded.context["phase"] == "feedback"
    assert reloaded.context["self_graded"] is True
    assert "Easttown" in text(reloaded) and 'name="answer"' not in text(reloaded)


def test_i_was_right_before_the_answer_was_shown_is_refused(student, alice, typed_set):
    card = card_for(alice, typed_set, type="text", answer="Easttown")

    refused = grade(student, typed_set, card, rating=4, given='"Westown"', i_was_right=True)

    assert refused.status_code == 400
    assert not Review.objects.exists()


def test_i_was_right_is_refused_for_a_pick(student, alice, typed_set):
    card = card_for(alice, typed_set, type="choice", kind="place")
    Card.objects.filter(pk=card.pk).update(revealed_at=timezone.now())

    refused = grade(student, typed_set, card, rating=4, given='"Nowhere"', i_was_right=True)

    assert refused.status_code == 400 and not Review.objects.exists()


def test_after_a_wrong_pick_the_choices_show_the_pick_and_the_right_one(student, alice, typed_set):
    card = card_for(alice, typed_set, type="choice", kind="place")
    question = card.question
    wrong = next(choice.text for choice in question.choices.all() if choice.text != question.answer)

    recorded = answer(student, typed_set, card, wrong)

    assert recorded.context["phase"] == "recorded"
    marked = recorded.context["marked_choices"]
    assert sorted(choice["text"] for choice in marked) == sorted(c.text for c in question.choices.all())
    assert [c["text"] for c in marked if c["picked"]] == [wrong]
    assert [c["text"] for c in marked if c["right"]] == [question.answer]
    page = text(recorded)
    assert "✗</span> your pick</strong>" in page and "✓</span> right answer</strong>" in page


def test_after_a_right_pick_the_choice_is_marked_right_and_picked(student, alice, typed_set):
    card = card_for(alice, typed_set, type="true_false")

    feedback = answer(student, typed_set, card, "true" if card.question.answer is True else "false")

    assert feedback.context["correct"] is True
    [picked] = [c for c in feedback.context["marked_choices"] if c["picked"]]
    assert picked["right"] is True
    assert "right answer, your pick" in text(feedback)
