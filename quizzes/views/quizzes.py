"""Quiz pages: choose, answer (saved as you go), submit (asked first while questions are
unanswered), see the result and study the ones missed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from quizzes.models import Attempt, Question, QuestionSet
from quizzes.rate_limits import QuizStartRateThrottle
from quizzes.selectors import quiz_results
from quizzes.services import attempts
from quizzes.shuffle import choices_for_student
from quizzes.views.answer_form import UnclearAnswer, given_answer

LAYOUTS = [("paged", "One question per screen"), ("all", "All questions on one page")]


class QuizForm(forms.Form):
    size = forms.IntegerField(
        min_value=1, max_value=attempts.MAX_QUIZ_SIZE, initial=10, label="Number of questions"
    )
    kinds = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Kinds of question",
        help_text="None ticked: every kind.",
    )  # fmt: skip
    types = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Types of question",
        help_text="None ticked: every type.",
    )  # fmt: skip
    minutes = forms.IntegerField(
        min_value=1,
        max_value=int(attempts.MAX_TIME_LIMIT.total_seconds() // 60),
        required=False,
        label="Time limit in minutes",
        help_text="Empty: no limit. The quiz is submitted when the time is up.",
    )
    layout = forms.ChoiceField(choices=LAYOUTS, initial="paged", widget=forms.RadioSelect, label="Layout")

    def __init__(self, *args, counts: dict[str, dict[str, int]], **kwargs):
        """Only the kinds and types the set has, each with its number of questions."""
        super().__init__(*args, **kwargs)
        for name, labels in (("kinds", Question.KIND_GROUPS), ("types", dict(Question.Type.choices))):
            self.fields[name].choices = [
                (value, f"{label} ({counts[name][value]})")
                for value, label in labels.items()
                if counts[name].get(value)
            ]


@login_required
def quiz_new(request, set_id):
    """The quiz form; while a quiz of the user's is open on the set it offers that one instead."""
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), pk=set_id)
    counts = quiz_results.question_counts(question_set=question_set)
    form = QuizForm(request.POST if request.method == "POST" else None, counts=counts)
    status = 200
    if request.method == "POST" and not QuizStartRateThrottle().allow_request(request, None):
        form.add_error(None, "You have started many quizzes in the last hour; try again later.")
        status = 429
    elif request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        try:
            attempt = attempts.start_quiz(
                user=request.user,
                question_set=question_set,
                size=fields["size"],
                kinds=fields["kinds"],
                types=fields["types"],
                time_limit_s=fields["minutes"] * 60 if fields["minutes"] else None,
            )
        except attempts.QuizError as invalid:
            form.add_error(None, " ".join(invalid.errors["non_field_errors"]))
        except attempts.QuizAlreadyOpen as already:
            messages.info(request, "You already have a quiz open on this set: here it is.")
            return redirect("quiz", attempt_id=already.attempt.pk)
        else:
            return redirect(f"{reverse('quiz', args=[attempt.pk])}?layout={fields['layout']}")
    if form.errors and status == 200:
        status = 400
    open_quiz = attempts.open_quiz(user=request.user, question_set=question_set, now=timezone.now())
    return render(
        request,
        "quizzes/quiz_new.html",
        {"question_set": question_set, "form": form, "total": sum(counts["kinds"].values()),
         "open_quiz": open_quiz, "nav": "home"},
        status=status,
    )  # fmt: skip


def attempt_for(request, attempt_id, *, taker_only: bool) -> Attempt:
    """A quiz its taker may answer (`taker_only`), or one the user may see the result of."""
    seen = Attempt.objects.visible_to(request.user)
    if taker_only:
        seen = seen.filter(user=request.user)
    try:
        return seen.select_related("question_set", "user").get(pk=attempt_id)
    except Attempt.DoesNotExist:
        raise Http404("No such quiz.") from None


def page_number(request, total: int) -> int:
    try:
        return min(max(int(request.GET.get("q", 1)), 1), total)
    except ValueError:
        return 1


@login_required
def quiz(request, attempt_id):
    """The quiz: its questions with the answers saved so far, or its result once submitted."""
    now = timezone.now()
    attempt = attempts.close_if_expired(attempt=attempt_for(request, attempt_id, taker_only=False), now=now)
    if hiding := attempts.quiz_hiding_results(attempt, viewer=request.user, now=now):
        messages.info(
            request,
            "The results of your other quizzes on this set come back when this one is submitted.",
        )
        return redirect("quiz", attempt_id=hiding.pk)
    if attempt.is_submitted:
        results = quiz_results.attempt_results(attempt)
        return render(
            request, "quizzes/quiz_result.html",
            {"attempt": attempt, "results": results, "nav": "home",
             "unanswered": sum(row["given"] is None for row in results),
             "missed": sum(not row["correct"] for row in results)},
        )  # fmt: skip
    if attempt.user_id != request.user.pk:
        raise Http404("This quiz is still being taken.")
    questions = quiz_results.attempt_questions(attempt)
    saved = {answer.question_id: answer.given for answer in attempt.answers.all()}
    items = [
        {"number": number, "question": question, "saved": saved.get(question.pk),
         "answered": question.pk in saved,
         "choices": choices_for_student(question, user=request.user)}
        for number, question in enumerate(questions, start=1)
    ]  # fmt: skip
    layout = "all" if request.GET.get("layout") == "all" else "paged"
    current = page_number(request, len(items)) if items else 1
    return render(
        request,
        "quizzes/quiz.html",
        {"attempt": attempt, "items": items[current - 1 : current] if layout == "paged" else items,
         "all_items": items, "current": current, "total": len(items),
         "answered": sum(item["answered"] for item in items), "layout": layout, "nav": "home"},
    )  # fmt: skip


@login_required
@require_POST
def quiz_answer(request, attempt_id, question_id):
    """Save one answer (also as the taker types, via htmx); then on to the question asked for."""
    attempt = attempt_for(request, attempt_id, taker_only=True)
    question = get_object_or_404(Question, pk=question_id)
    status, note, given = 200, "Saved.", None
    try:
        given = given_answer(question, request.POST)
        if given is None:
            status, note = 200, "Not answered yet."
        else:
            attempts.save_answer(
                user=request.user, attempt_id=attempt.pk, question_id=question.pk, answer=given
            )
    except UnclearAnswer as unclear:
        status, note = 400, str(unclear)
    except Question.DoesNotExist:
        raise Http404("That question is not in this quiz.") from None
    except attempts.QuizClosed:
        status, note = 409, "Time is up: this quiz can no longer change."
    except attempts.QuizError as invalid:
        status, note = 400, " ".join(invalid.errors["answer"])
    if request.htmx:
        return render(
            request, "quizzes/quiz_save_status.html",
            {"note": note, "answered": attempt.answers.count()}, status=status,
        )  # fmt: skip
    if status != 200:
        messages.error(request, note)
    layout = "all" if request.POST.get("layout") == "all" else "paged"
    target = request.POST.get("next") or ""
    query = f"?layout={layout}" + (f"&q={target}" if target.isdigit() else "")
    return redirect(reverse("quiz", args=[attempt.pk]) + query)


@login_required
@require_POST
def quiz_submit(request, attempt_id):
    """Submit the quiz. While some questions are unanswered it first asks, naming them (a page,
    or via htmx the page's dialog), and submits when sent again with `confirm=1`; a quiz
    whose time is up is submitted without asking, as the countdown sends it."""
    attempt = attempt_for(request, attempt_id, taker_only=True)
    now = timezone.now()
    layout = "all" if request.POST.get("layout") == "all" else "paged"
    asking = request.POST.get("confirm") != "1" and not attempt.is_submitted
    if (
        asking
        and not attempt.is_past_deadline(now)
        and (unanswered := quiz_results.unanswered_numbers(attempt))
    ):
        template = "quizzes/quiz_confirm_body.html" if request.htmx else "quizzes/quiz_confirm.html"
        return render(
            request, template,
            {"attempt": attempt, "unanswered": unanswered, "layout": layout, "in_dialog": bool(request.htmx),
             "nav": "home"},
        )  # fmt: skip
    attempts.submit_quiz(user=request.user, attempt_id=attempt.pk, now=now)
    result = reverse("quiz", args=[attempt.pk])
    return HttpResponseClientRedirect(result) if request.htmx else redirect(result)


@login_required
@require_POST
def quiz_study_missed(request, attempt_id):
    """Study just the questions missed in the user's submitted quiz: those never studied get
    their cards, then the study page's `?missed=` session serves them one by one, due or
    not (a review before its due time earns no points)."""
    attempt = attempt_for(request, attempt_id, taker_only=True)
    try:
        missed = attempts.bring_back_missed(user=request.user, attempt_id=attempt.pk)
    except Attempt.DoesNotExist:  # still being taken
        raise Http404("This quiz is still being taken.") from None
    if not missed:
        messages.info(request, "You answered every question of that quiz right: nothing to bring back.")
        return redirect("study", set_id=attempt.question_set_id)
    return redirect(f"{reverse('study', args=[attempt.question_set_id])}?missed={attempt.pk}")
