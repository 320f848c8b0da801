"""Student pages: the dashboard, a set, and studying its cards."""

import json
import math
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from config.api_parsers import parse_client_json
from quizzes.answers import Verdict, answer_difference, nearest_answer
from quizzes.models import Attempt, Card, Question, QuestionSet
from quizzes.selectors import assignments as assignment_reads
from quizzes.selectors import classes, practice, study_queue, verdicts
from quizzes.services import attempts, study
from quizzes.shuffle import choices_for_student
from quizzes.views.answer_form import UnclearAnswer, given_answer, given_duration, shown_again

NOTHING_GIVEN = "Pick or type an answer first, or press Show answer."
GRADES = [(1, "Again", "again"), (2, "Hard", "hard"), (3, "Good", "good"), (4, "Easy", "easy")]
AGAIN, GOOD = 1, 3


def dashboard(request):
    """The sets with what is due in each (those of the student's classes first; `?q=`
    searches titles), the streak and the points; a welcome when logged out."""
    if not request.user.is_authenticated:
        return render(request, "quizzes/welcome.html")
    now = timezone.now()
    search = request.GET.get("q", "").strip()[:200]
    scores = attempts.user_scores(user=request.user, now=now)
    page = page_number(request)
    listed = classes.dashboard_sets(user=request.user, now=now, title_contains=search, page=page)
    class_sets, other_sets = listed.from_classes, listed.others
    for question_set in (*class_sets, *other_sets):
        question_set.remaining = study_queue.remaining_today(user=request.user, question_set=question_set)
    # user_scores has scored the user's expired quizzes: the selector alone reads the assignments.
    assigned = assignment_reads.assigned_to(user=request.user, now=now)
    assigned = assignment_reads.to_show_on_dashboard(assigned, now=now)
    context = {
        "class_sets": class_sets,
        "sets": other_sets,
        "search": search,
        "page": page,
        "more": listed.more,
        "scores": scores,
        "assigned": assigned,
        "now": now,
        "nav": "home",
    }
    return render(request, "quizzes/dashboard.html", context)


def page_number(request) -> int:
    """`?page=`: a whole number from 1 (anything else is the first page)."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and len(value) <= 5 and int(value) >= 1 else 1


@login_required
def set_page(request, set_id):
    question_set = get_object_or_404(
        QuestionSet.objects.visible_to(request.user).select_related("owner"), pk=set_id
    )
    return render(
        request,
        "quizzes/set.html",
        {
            "question_set": question_set,
            "question_count": question_set.questions.count(),
            "leaderboard": attempts.set_leaderboard(question_set=question_set, now=timezone.now())[:10],
            "records": practice.best_times(user=request.user, question_set=question_set)
            if question_set.source_id
            else {},
            "nav": "home",
        },
    )


@dataclass(frozen=True)
class Session:
    """What the student studies: the set's due cards (`ahead_anyway`: learning cards before
    they come due too), or only the questions they missed in a quiz (`missed_in`)."""

    ahead_anyway: bool = False
    missed_in: Attempt | None = None

    def query(self) -> dict[str, str]:
        if self.missed_in is not None:
            return {"missed": str(self.missed_in.pk)}
        return {"ahead": "1"} if self.ahead_anyway else {}

    def url(self, question_set: QuestionSet) -> str:
        query = self.query()
        return reverse("study", args=[question_set.pk]) + (f"?{urlencode(query)}" if query else "")


def session_of(request, question_set: QuestionSet) -> Session:
    """The session the page's URL names: `?ahead=1` or `?missed=<quiz>` (a quiz of the
    student's on this set, submitted; another's is a 404)."""
    missed = request.GET.get("missed")
    if missed is None:
        return Session(ahead_anyway=request.GET.get("ahead") == "1")
    try:
        attempt_id = int(missed)
        attempt = study_queue.missed_quiz(user=request.user, question_set=question_set, attempt_id=attempt_id)
    except (Attempt.DoesNotExist, ValueError):
        raise Http404("No such quiz of yours on this set.") from None
    return Session(missed_in=attempt)


def study_context(request, question_set, *, now, session: Session):
    study_set = study_queue.visible_set_for_study(user=request.user, set_id=question_set.pk, now=now)
    upcoming = study.next_card(
        user=request.user,
        question_set=study_set,
        now=now,
        ahead_anyway=session.ahead_anyway,
        missed_in=session.missed_in,
    )
    context = {
        "question_set": question_set,
        "remaining": upcoming.remaining,
        "next_due": upcoming.next_due,
        "now": now,
        "ahead": upcoming.ahead,
        "ahead_anyway": session.ahead_anyway,
        "missed_in": session.missed_in,
        "missed_left": upcoming.missed_left,
        "study_url": session.url(question_set),
        "learning_later": upcoming.learning_later,
        "learn_ahead_minutes": settings.LEARN_AHEAD_MINUTES,
    }
    if upcoming.next_due is not None:  # the countdown's start, by the server's clock, not the browser's
        context["next_due_seconds"] = math.ceil((upcoming.next_due - now).total_seconds())
    if upcoming.open_quiz_id is not None:
        context.update(quiz_open_context(upcoming.open_quiz_id))
    card = upcoming.card
    if card is not None and card.revealed_at is not None:  # its answer was shown: not asked again
        card.question = Question.objects.select_related("source_sentence").get(pk=card.question_id)
        context.update(
            feedback_phase(request, card, given=None, client_id=uuid.uuid4().hex, duration_ms=None, now=now)
        )
    elif card is not None:
        context.update(question_phase(request, card))
    return context


def quiz_open_context(attempt_id: int) -> dict:
    """The set's study pauses while the student's quiz on it is open (docs/security.md)."""
    return {"open_quiz_id": attempt_id, "quiz_open_note": str(study.QuizInProgress(attempt_id))}


def question_phase(request, card: Card, *, saved=None) -> dict:
    """The card's prompt and answer inputs; `saved` is what was given when it is shown again."""
    question = card.question
    return {
        "card": card,
        "question": question,
        "choices": choices_for_student(question, user=request.user),
        "client_id": uuid.uuid4().hex,
        "saved": saved,
        "phase": "question",
    }


def feedback_phase(request, card: Card, *, given, client_id: str, duration_ms: int | None, now) -> dict:
    """After a right answer, a flip or a wrong typed answer: the answer (a typed one's
    difference marked), the choices with the pick and the right one, the source and the
    grades to pick from (recorded when one is picked). After a wrong typed answer the
    grades are Again or "I was right" (Hard, Good, Easy). A wrong pick has no choice:
    study.check_answer records it at once as Again, like the API's, so a reload cannot ask
    the card again with its answer known."""
    checked = study.check_answer(
        user=request.user,
        card=card,
        answer=study.NOT_GIVEN if given is None else given,
        client_id=client_id,
        duration_ms=duration_ms,
        now=now,
    )
    if checked.outcome is not None:
        return recorded_phase(request, checked.outcome)
    overrulable = checked.correct is False
    return {
        **answer_shown(request, card.question, given=given, verdict=checked.verdict),
        "card": card,
        "phase": "feedback",
        "self_graded": given is None or card.revealed_at is not None,
        "correct": checked.correct,
        "overrulable": overrulable,
        "given_json": "" if given is None else json.dumps(given, ensure_ascii=False),
        "client_id": client_id,
        "duration_ms": duration_ms,
        "grades": [
            {
                "rating": rating,
                "label": label,
                "css": css,
                "interval": checked.intervals[rating],
                "default": rating == (AGAIN if overrulable else GOOD),
            }
            for rating, label, css in GRADES
        ],
    }


def recorded_phase(request, outcome: study.ReviewOutcome) -> dict:
    """A review already recorded (a wrong pick, or the first result of a repeated client_id):
    the verdict, the answer, the source, the grade it counted as and when the card comes back."""
    review = outcome.review
    return {
        **answer_shown(request, outcome.question, given=review.answer, verdict=outcome.verdict),
        "card": review.card,
        "phase": "recorded",
        "correct": None if review.answer is None else review.correct,
        "review": review,
        "next_interval": review.due_after - review.reviewed_at,
    }


def answer_shown(request, question: Question, *, given, verdict: Verdict | None) -> dict:
    """What the feedback shows of the answer: the choices as the student saw them, marking
    their pick and the right one; for a typed answer that is not right as written, how it
    differs from the nearest right form (Anki's typed-answer comparison)."""
    shown = {"question": question, "given": given, "verdict": verdict}
    if question.type == Question.Type.TRUE_FALSE:
        options = [("True", True), ("False", False)]
        shown["marked_choices"] = [
            {"text": text, "picked": given is value, "right": question.answer in (value, str(value).lower())}
            for text, value in options
        ]
    elif question.type == Question.Type.CHOICE:
        accepted = list(question.accepted_answers.values_list("text", flat=True))
        shown["marked_choices"] = [
            {
                "text": choice,
                "picked": choice == given,
                "right": verdicts.verdict_on(question, choice, accepted_answers=accepted) != Verdict.WRONG,
            }
            for choice in choices_for_student(question, user=request.user)
        ]
    elif question.type == Question.Type.TEXT and isinstance(given, str) and verdict is not Verdict.EXACT:
        accepted = list(question.accepted_answers.values_list("text", flat=True))
        shown["difference"] = answer_difference(given, nearest_answer(given, question.answer, accepted))
    return shown


def answer_error(invalid: Exception) -> str:
    if isinstance(invalid, study.InvalidReview):
        return " ".join(" ".join(reasons) for reasons in invalid.errors.values())
    return str(invalid)


def next_card_page(question_set: QuestionSet, *, session: Session):
    """Back to the study page for the next card, in the same session (still studying ahead,
    or still the questions missed in a quiz)."""
    return redirect(session.url(question_set))


@login_required
def study_page(request, set_id):
    """GET: the next card (`?ahead=1`: study ahead anyway, beyond the learn-ahead limit;
    `?missed=<quiz>`: only the questions missed in that quiz of the student's).
    POST: answer or flip it (feedback; a wrong answer is recorded at once), then grade it
    (recorded once per client_id)."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), pk=set_id)
    now = timezone.now()
    session = session_of(request, question_set)
    if request.method != "POST":
        context = study_context(request, question_set, now=now, session=session)
        return render(request, "quizzes/study.html", {**context, "nav": "home"})
    try:
        card = (
            Card.objects.select_related("question__source_sentence")
            .with_open_quiz(user=request.user, now=now)
            .get(pk=request.POST.get("card"), user=request.user, question_set=question_set)
        )
    except (Card.DoesNotExist, ValueError):
        raise Http404("No such card.") from None
    action = request.POST.get("action")
    client_id = request.POST.get("client_id", "")[:64] or uuid.uuid4().hex
    duration_ms = given_duration(request.POST, longest_ms=study.MAX_DURATION_MS)
    context = {
        "question_set": question_set,
        "nav": "home",
        "ahead_anyway": session.ahead_anyway,
        "missed_in": session.missed_in,
        "study_url": session.url(question_set),
    }
    if card.open_quiz_id is not None:  # a page from before the quiz began: no answer shown
        return redirect("study", set_id=question_set.pk)
    if action == "grade":
        given_json = request.POST.get("given", "")
        try:
            rating = int(request.POST.get("rating", ""))
            answer = parse_client_json(given_json) if given_json else study.NOT_GIVEN
            i_was_right = request.POST.get("i_was_right") == "1" and rating != AGAIN
        except ValueError:
            raise BadRequest("A grade is one of 1–4, sent with the answer the page showed.") from None
        try:
            study.review_card(
                user=request.user,
                card_id=card.pk,
                answer=answer,
                rating=rating,
                client_id=client_id,
                duration_ms=duration_ms,
                i_was_right=i_was_right,
            )
        except study.InvalidReview as invalid:  # only a tampered form sends one
            raise BadRequest(answer_error(invalid)) from None
        except study.QuizInProgress:  # begun since the page was shown: the pause
            pass
        return next_card_page(question_set, session=session)
    flipped = action == "flip"
    given = None
    try:
        given = None if flipped else given_answer(card.question, request.POST)
        if given is None and not flipped:
            raise UnclearAnswer(NOTHING_GIVEN)
        context.update(
            feedback_phase(request, card, given=given, client_id=client_id, duration_ms=duration_ms, now=now)
        )
    except study.QuizInProgress:  # begun since the line above
        return redirect("study", set_id=question_set.pk)
    except (UnclearAnswer, study.InvalidReview) as invalid:
        context.update(question_phase(request, card, saved=shown_again(card.question, request.POST, given)))
        context["answer_error"] = answer_error(invalid)
        context["client_id"] = client_id
    study_set = study_queue.visible_set_for_study(user=request.user, set_id=question_set.pk, now=now)
    context["remaining"] = study_queue.remaining_today(user=request.user, question_set=study_set)
    return render(request, "quizzes/study.html", context, status=400 if "answer_error" in context else 200)
