"""Quiz pages: choose, answer (saved as you go), submit, see the result."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes import selectors
from quizzes.api.serializers import choices_for_student
from quizzes.models import Attempt, Question, QuestionSet
from quizzes.services import attempts
from quizzes.views.study import given_answer


class QuizForm(forms.Form):
    size = forms.IntegerField(min_value=1, max_value=100, initial=10, label="Number of questions")
    kinds = forms.MultipleChoiceField(
        choices=Question.Kind.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every kind.",
    )  # fmt: skip
    types = forms.MultipleChoiceField(
        choices=Question.Type.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every type.",
    )  # fmt: skip
    minutes = forms.IntegerField(
        min_value=1,
        max_value=360,
        required=False,
        label="Time limit in minutes",
        help_text="Empty: no limit.",
    )
    layout = forms.ChoiceField(
        choices=[("paged", "One question per screen"), ("all", "All questions on one page")],
        initial="paged", widget=forms.RadioSelect,
    )  # fmt: skip


@login_required
def quiz_new(request, set_id):
    question_set = get_object_or_404(QuestionSet.objects.visible_to(request.user), pk=set_id)
    form = QuizForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
        else:
            return redirect(f"{reverse('quiz', args=[attempt.pk])}?layout={fields['layout']}")
    return render(
        request, "quizzes/quiz_new.html", {"question_set": question_set, "form": form, "nav": "home"},
        status=400 if form.errors else 200,
    )  # fmt: skip


def attempt_for(request, attempt_id, *, taker_only: bool) -> Attempt:
    seen = Attempt.objects.select_related("question_set", "user")
    if taker_only:
        seen = seen.filter(user=request.user)
    elif not request.user.is_admin:
        seen = seen.filter(Q(user=request.user) | Q(question_set__owner=request.user))
    try:
        return seen.get(pk=attempt_id)
    except Attempt.DoesNotExist:
        raise Http404("No such quiz.") from None


@login_required
def quiz(request, attempt_id):
    """The quiz: its questions with the answers saved so far, or its result once submitted."""
    attempt = attempts.close_if_expired(attempt=attempt_for(request, attempt_id, taker_only=False))
    if attempt.is_submitted:
        return render(
            request, "quizzes/quiz_result.html",
            {"attempt": attempt, "results": selectors.attempt_results(attempt), "nav": "home"},
        )  # fmt: skip
    if attempt.user_id != request.user.pk:
        raise Http404("This quiz is still being taken.")
    questions = selectors.attempt_questions(attempt)
    saved = {answer.question_id: answer.given for answer in attempt.answers.all()}
    items = [
        {"number": number, "question": question, "saved": saved.get(question.pk),
         "choices": choices_for_student(question, user=request.user)}
        for number, question in enumerate(questions, start=1)
    ]  # fmt: skip
    layout = "all" if request.GET.get("layout") == "all" else "paged"
    shown = items
    if layout == "paged":
        try:
            number = min(max(int(request.GET.get("q", 1)), 1), len(items))
        except ValueError:
            number = 1
        shown = items[number - 1 : number]
    return render(
        request,
        "quizzes/quiz.html",
        {"attempt": attempt, "items": shown, "total": len(items), "answered": len(saved), "layout": layout,
         "nav": "home"},
    )  # fmt: skip


@login_required
@require_POST
def quiz_answer(request, attempt_id, question_id):
    """Save one answer (also as the taker types, via htmx); then on to the next question."""
    attempt = attempt_for(request, attempt_id, taker_only=True)
    question = get_object_or_404(Question, pk=question_id)
    status, note = 200, "Saved."
    try:
        attempts.save_answer(
            user=request.user, attempt_id=attempt.pk, question_id=question.pk,
            answer=given_answer(question, request.POST),
        )  # fmt: skip
    except Question.DoesNotExist:
        raise Http404("That question is not in this quiz.") from None
    except attempts.QuizClosed:
        status, note = 409, "Time is up: this quiz can no longer change."
    except attempts.QuizError as invalid:
        status, note = 400, " ".join(invalid.errors["answer"])
    if request.htmx:
        return HttpResponse(note, status=status)
    if status != 200:
        messages.error(request, note)
    layout = request.POST.get("layout", "paged")
    target = request.POST.get("next") or ""
    query = f"?layout={layout}" + (f"&q={target}" if target.isdigit() else "")
    return redirect(reverse("quiz", args=[attempt.pk]) + query)


@login_required
@require_POST
def quiz_submit(request, attempt_id):
    attempt = attempt_for(request, attempt_id, taker_only=True)
    attempts.submit_quiz(user=request.user, attempt_id=attempt.pk, now=timezone.now())
    return redirect("quiz", attempt_id=attempt.pk)
